export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

/** Without a host logger, only problems reach stderr: the embedding app decides what else to keep. */
export const defaultLog: LogFn = (level, message, data) => {
  if (level === 'warn' || level === 'error') console.error(`[deskbell-server] ${level}: ${message}`, data ?? '');
};

export const errorData = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };

export type LimitLogFn = (key: string, message: string, data: Record<string, unknown>) => void;

/**
 * Limit hits under a flood must not flood the log: the first hit per key is logged with its
 * reason, then at most one line a minute per key, saying how many were not logged since.
 */
export function limitLog(log: LogFn, now: () => number, everyMs = 60_000): LimitLogFn {
  const seen = new Map<string, { at: number; suppressed: number }>();
  return (key, message, data) => {
    const at = now();
    const entry = seen.get(key);
    if (entry && at - entry.at < everyMs) {
      entry.suppressed += 1;
      return;
    }
    // A bounded table: a flood of distinct keys forgets the oldest.
    if (!entry && seen.size >= 10_000) {
      const oldest = seen.keys().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    seen.set(key, { at, suppressed: 0 });
    log('warn', message, { ...data, ...(entry?.suppressed ? { notLoggedSinceLastLine: entry.suppressed } : {}) });
  };
}
