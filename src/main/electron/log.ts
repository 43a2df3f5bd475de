/**
 * The desktop app's log: one JSON line per entry in the logs folder (what "see the log"
 * in an error message refers to), echoed to the console. The file is capped: past the
 * limit it becomes deskbell.old.log and a new one starts, so a week-long run cannot fill
 * the disk.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LogFn } from '../core/ports';

const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;
export const MAX_LOG_BYTES = 5 * 1024 * 1024;

export interface FileLogOptions {
  /** app.getPath('logs'); null logs to the console only. */
  dir: string | null;
  minLevel: keyof typeof LEVELS;
  now?: () => number;
  maxBytes?: number;
}

export function createFileLog(options: FileLogOptions): LogFn {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  const file = options.dir ? join(options.dir, 'deskbell.log') : null;
  let size = 0;
  let fileBroken = false;
  if (file && options.dir) {
    try {
      mkdirSync(options.dir, { recursive: true });
      size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    } catch {
      fileBroken = true;
    }
  }

  const writeLine = (line: string) => {
    if (!file || fileBroken || !options.dir) return;
    try {
      if (size + line.length > maxBytes) {
        renameSync(file, join(options.dir, 'deskbell.old.log'));
        size = 0;
      }
      appendFileSync(file, line, { mode: 0o600 });
      size += Buffer.byteLength(line);
    } catch (error) {
      // Logging must never take the app down; say so once on the console.
      fileBroken = true;
      console.error('deskbell: the log file cannot be written', String(error));
    }
  };

  return (level, message, data) => {
    if (LEVELS[level] < LEVELS[options.minLevel]) return;
    const at = new Date(now()).toISOString();
    let line: string;
    try {
      line = JSON.stringify({ at, level, message, ...(data ? { data } : {}) });
    } catch {
      line = JSON.stringify({ at, level, message, data: '[unserialisable]' });
    }
    writeLine(`${line}\n`);
    const echo = level === 'error' || level === 'warn' ? console.error : console.log;
    echo(`[deskbell] ${level}: ${message}`, data ?? '');
  };
}
