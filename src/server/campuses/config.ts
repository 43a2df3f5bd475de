import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Campus, type CampusInput, ChatService, type ChatServiceInput, emptyChatService } from '../../shared/campuses/schemas';
import builtInConfig from '../../../config/campuses.json' with { type: 'json' };
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import { mapValues, messageOf } from '../../shared/narrow';

/**
 * The campus config file: the seed of a new database's campus directory (after that, the
 * directory lives in the database and administrators edit it in the app). Campus entries are
 * strict so a misspelt field ("webiste") is an error rather than a silently empty fact.
 */
export const CampusConfigFile = z
  .object({
    version: z.literal(1),
    /** The chat service's hours, rota and all-libraries page (optional: empty when absent). */
    chatService: ChatService.optional(),
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
    const rota: Record<string, string[]> = config.chatService?.rota ?? {};
    for (const [day, ids] of Object.entries(rota)) {
      ids.forEach((id, index) => {
        if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: ['chatService', 'rota', day, index], message: `unknown campus "${id}"` });
      });
    }
  });

export interface CampusSeed {
  campuses: Campus[];
  chatService: ChatService;
}

/** Validate an already-read config; `source` names it in the error. */
export function parseCampusConfig(data: unknown, source: string): Campus[] {
  return parseCampusSeed(data, source).campuses;
}

export function parseCampusSeed(data: unknown, source: string): CampusSeed {
  const parsed = CampusConfigFile.safeParse(data);
  if (!parsed.success) {
    throw new DeskbellServerError('invalid_config', `campus config ${source} is invalid: ${describeIssues(parsed.error)}`);
  }
  return { campuses: parsed.data.campuses, chatService: parsed.data.chatService ?? emptyChatService };
}

export function loadCampusConfig(path: string): Campus[] {
  return loadCampusSeed(path).campuses;
}

export function loadCampusSeed(path: string): CampusSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `cannot read campus config ${path}: ${messageOf(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `campus config ${path} is not valid JSON: ${messageOf(error)}`, { cause: error });
  }
  return parseCampusSeed(data, path);
}

/** The default list ships inside the bundle (imported, not read from disk) so an embedded server finds it anywhere. */
export function defaultCampuses(): Campus[] {
  return defaultSeed().campuses;
}

const defaultSeed = (): CampusSeed => parseCampusSeed(builtInConfig, 'config/campuses.json (built in)');

/**
 * The directory's seed. An explicit list is re-checked too: ids must be unique wherever the
 * list came from; it gets the built-in chat service unless one is passed.
 */
export function resolveCampuses(options: { campuses?: CampusInput[]; chatService?: ChatServiceInput; configPath?: string }): CampusSeed {
  if (options.campuses) {
    return parseCampusSeed({ version: 1, campuses: options.campuses, chatService: options.chatService ?? withKnownRota(defaultSeed().chatService, options.campuses) }, 'passed to startServer');
  }
  if (options.configPath) return loadCampusSeed(options.configPath);
  return defaultSeed();
}

/** The built-in chat service, its rota narrowed to the campuses a custom list knows. */
function withKnownRota(service: ChatService, campuses: readonly CampusInput[]): ChatService {
  const known = new Set(campuses.map((c) => c.id));
  const rota = mapValues(service.rota, (ids) => ids.filter((id) => known.has(id)));
  return { ...service, rota };
}
