import { pino } from 'pino';
import type { LogFn, LogLevel } from './log';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * The standalone server's log: one JSON object per line on stderr (pino), for a log shipper or
 * `journalctl -o cat | jq`. Secrets never reach it: any field named like one is redacted, on top
 * of the call sites never passing them.
 */
export function jsonLog(level: LogLevel, destination: NodeJS.WritableStream = process.stderr): LogFn {
  const logger = pino(
    {
      level,
      base: { service: 'deskbell-server' },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['password', 'token', 'deviceToken', 'authorization', '*.password', '*.token', '*.deviceToken', '*.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
  return (lvl, message, data) => logger[lvl](data ?? {}, message);
}
