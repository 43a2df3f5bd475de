/**
 * Reads IT's machine-wide settings file once, at start. A missing file is normal (nothing is
 * set or locked). A file that fails its schema is reported in ONE log line and in the app's
 * banner, naming the file and the field; the fields that are valid on their own still apply
 * (salvage.ts), so one typo does not drop IT's backend, locks and limits. A file that cannot
 * be read or parsed at all applies nothing, nor does one a non-administrator could have written.
 */
import { readFileSync, statSync } from 'node:fs';
import { MachineSettings, type MachineSettingsProblem } from '../../../shared/machine-settings/schema';
import type { LogFn } from '../ports';
import { salvageMachineSettings } from './salvage';
import type { MachineSettingsGuard } from './system-guard';
import { errorCode, messageOf } from '../../../shared/narrow';

/** A settings file is a few hundred bytes; anything this big is not one. */
const MAX_FILE_BYTES = 64 * 1024;

export interface MachineSettingsFile {
  path: string;
  found: boolean;
  /** What applies: the file's settings, or those valid on their own when it has a problem. */
  settings: MachineSettings;
  problem: MachineSettingsProblem | null;
  /**
   * The file may have named a backend that cannot be used: it could not be read or parsed, or
   * its backendUrl itself is wrong. A problem elsewhere (a bad alert limit) leaves this false:
   * a file that never named a backend still means the built-in one.
   */
  backendLost: boolean;
}

const problemFile = (path: string, problem: MachineSettingsProblem, settings: MachineSettings = {}, backendLost = true): MachineSettingsFile => ({
  path,
  found: true,
  settings,
  problem,
  backendLost,
});

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the file named a backend (a misspelt key like "backendURL" counts): its loss must not mean the built-in one. */
const namesBackend = (raw: unknown): boolean => !isPlainObject(raw) || Object.keys(raw).some((key) => /backend|url|server/i.test(key));

function fieldOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(whole file)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/**
 * `guard` (the installed app's): a file that someone other than an administrator can change is
 * refused whole, as a file that cannot be read is: nothing in it applies (its locks could be
 * anyone's), and since it may have named IT's backend, the built-in one is not started.
 */
export function readMachineSettings(path: string, guard?: Pick<MachineSettingsGuard, 'writableByNonAdmins'>): MachineSettingsFile {
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) return problemFile(path, { field: '(whole file)', message: `is ${size} bytes; a settings file is under ${MAX_FILE_BYTES}` });
    const writable = guard?.writableByNonAdmins(path) ?? null;
    if (writable !== null) {
      return problemFile(path, { field: '(whole file)', message: `can be changed by someone who is not an administrator (${writable}); refused, so none of its settings or locks apply (docs/deploy.md)`.slice(0, 500) });
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return { path, found: false, settings: {}, problem: null, backendLost: false };
    return problemFile(path, { field: '(whole file)', message: `cannot be read (${code ?? String(error)})` });
  }
  let raw: unknown;
  try {
    // A byte-order mark from Notepad is not an error.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The parser's message quotes the file, which may hold a key: only the position is kept.
    const at = /position \d+(?: \(line \d+ column \d+\))?/.exec(messageOf(error))?.[0];
    return problemFile(path, { field: '(whole file)', message: `is not valid JSON${at ? ` (at ${at})` : ''}` });
  }
  const parsed = MachineSettings.safeParse(raw);
  if (parsed.success) return { path, found: true, settings: parsed.data, problem: null, backendLost: false };
  const issues = parsed.error.issues;
  const first = issues[0];
  const salvaged = salvageMachineSettings(raw);
  const backendLost = namesBackend(raw) && salvaged.backendUrl === undefined;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1, 4).map((i) => fieldOf(i.path)).join(', ')})` : '';
  if (first?.code === 'unrecognized_keys') {
    // A misspelt setting would otherwise be ignored without a word.
    return problemFile(path, { field: fieldOf([...first.path, first.keys[0] ?? '?']), message: `is not a known setting (docs/deploy.md lists them)${more}` }, salvaged, backendLost);
  }
  const field = first ? fieldOf(first.path) : '(whole file)';
  const message = first?.message ?? 'is invalid';
  return problemFile(path, { field, message: `${message}${more}` }, salvaged, backendLost);
}

/** The one log line for a file that was found: what applies, or why nothing does. */
export function logMachineSettings(file: MachineSettingsFile, log: LogFn): void {
  if (file.problem) {
    const applies = Object.keys(file.settings);
    log('error', `machine settings ${file.path}: ${file.problem.field}: ${file.problem.message}; ${applies.length > 0 ? `ignored; what applies: ${applies.join(', ')}` : 'nothing in the file applies'}`, { locked: file.settings.locked ?? [] });
  } else if (file.found) {
    log('info', `machine settings read from ${file.path}`, { locked: file.settings.locked ?? [] });
  }
}
