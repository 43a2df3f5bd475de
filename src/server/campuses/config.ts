import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Campus } from '../../shared/campuses/schemas';
import builtInConfig from '../../../config/campuses.json' with { type: 'json' };
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';

/**
 * The campus config file. Campus entries are strict so a misspelt field ("webiste") is an
 * error rather than a silently empty fact.
 */
export const CampusConfigFile = z
  .object({
    version: z.literal(1),
    campuses: z.array(Campus.strict()).min(1).max(500),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.campuses.forEach((campus, index) => {
      if (seen.has(campus.id)) {
        ctx.addIssue({ code: 'custom', path: ['campuses', index, 'id'], message: `duplicate campus id "${campus.id}"` });
      }
      seen.add(campus.id);
    });
  });

/** Validate an already-read config; `source` names it in the error. */
export function parseCampusConfig(data: unknown, source: string): Campus[] {
  const parsed = CampusConfigFile.safeParse(data);
  if (!parsed.success) {
    throw new DeskbellServerError('invalid_config', `campus config ${source} is invalid: ${describeIssues(parsed.error)}`);
  }
  return parsed.data.campuses;
}

export function loadCampusConfig(path: string): Campus[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `cannot read campus config ${path}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `campus config ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseCampusConfig(data, path);
}

/** The default list ships inside the bundle (imported, not read from disk) so an embedded server finds it anywhere. */
export function defaultCampuses(): Campus[] {
  return parseCampusConfig(builtInConfig, 'config/campuses.json (built in)');
}

/** An explicit list is re-checked too: ids must be unique wherever the list came from. */
export function resolveCampuses(options: { campuses?: Campus[]; configPath?: string }): Campus[] {
  if (options.campuses) return parseCampusConfig({ version: 1, campuses: options.campuses }, 'passed to startServer');
  if (options.configPath) return loadCampusConfig(options.configPath);
  return defaultCampuses();
}
