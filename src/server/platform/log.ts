export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFn = (level: LogLevel, message: string, data?: Record<string, unknown>) => void;

/** Without a host logger, only problems reach stderr: the embedding app decides what else to keep. */
export const defaultLog: LogFn = (level, message, data) => {
  if (level === 'warn' || level === 'error') console.error(`[deskbell-server] ${level}: ${message}`, data ?? '');
};

export const errorData = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
