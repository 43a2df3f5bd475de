import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CampusId } from '../../shared/protocol/common';
import type { Faq } from '../../shared/faqs/schemas';
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import { parseFaqCsv } from './import/csv';
import { parseFaqJson } from './import/json';
import { CredentialsSpec, DEFAULT_CREDENTIALS, resolveCredentials } from '../libanswers/credentials';
import { fetchLibAnswersFaqs } from './import/libanswers';
import { MaxResponseBytes } from '../libanswers/client';
import { fromLibAnswers, normalizeAll } from './import/normalize';
import { messageOf } from '../../shared/narrow';

export { CredentialsSpec, DEFAULT_CREDENTIALS, resolveCredentials } from '../libanswers/credentials';

function withoutUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

export const FaqSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('csv'), path: z.string().min(1).max(1000) }).strict(),
  z.object({ kind: z.literal('json'), path: z.string().min(1).max(1000) }).strict(),
  z
    .object({
      kind: z.literal('libanswers'),
      // A user:password in the URL would be written to the import log and the logs: refused here, before anything.
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .refine(withoutUserInfo, 'put LibAnswers credentials in the environment or a credentials file, never in the URL'),
      groupId: z.number().int().nonnegative().optional(),
      credentials: CredentialsSpec.default(DEFAULT_CREDENTIALS),
      pageSize: z.number().int().min(1).max(500).optional(),
      /** The largest reply read from the site (default 2 MiB); a larger one fails the import. */
      maxResponseBytes: MaxResponseBytes.optional(),
    })
    .strict(),
]);
export type FaqSource = z.infer<typeof FaqSource>;
export type FaqSourceInput = z.input<typeof FaqSource>;

/** The scheduled imports: each campus's source and how often to fetch it. */
export const FaqImportPlan = z
  .object({
    version: z.literal(1),
    imports: z
      .array(
        z
          .object({
            campus: CampusId,
            everyMinutes: z.number().int().min(5).max(7 * 24 * 60).default(360),
            source: FaqSource,
          })
          .strict(),
      )
      .max(200),
  })
  .strict();
export type FaqImportPlan = z.infer<typeof FaqImportPlan>;
export type FaqImportPlanInput = z.input<typeof FaqImportPlan>;

export function loadFaqImportPlan(path: string): FaqImportPlan {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DeskbellServerError('invalid_config', `cannot read the FAQ import plan ${path}: ${messageOf(error)}`, { cause: error });
  }
  const parsed = FaqImportPlan.safeParse(data);
  if (!parsed.success) throw new DeskbellServerError('invalid_config', `FAQ import plan ${path} is invalid: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function readSource(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new DeskbellServerError('invalid_input', `cannot read ${path}: ${messageOf(error)}`, { cause: error });
  }
}

/** A campus's whole FAQ list from a source, validated. */
export async function loadFaqs(campus: string, source: FaqSource): Promise<Faq[]> {
  switch (source.kind) {
    case 'csv':
      return parseFaqCsv(campus, readSource(source.path));
    case 'json':
      return parseFaqJson(campus, readSource(source.path));
    case 'libanswers': {
      const items = await fetchLibAnswersFaqs({
        baseUrl: source.baseUrl,
        groupId: source.groupId,
        pageSize: source.pageSize,
        maxResponseBytes: source.maxResponseBytes,
        credentials: resolveCredentials(source.credentials),
      });
      return normalizeAll(
        campus,
        items.map((item, i) => ({ raw: fromLibAnswers(item), where: `LibAnswers FAQ ${String(item.faqid)} (#${i + 1})` })),
      );
    }
  }
}

/** How an import is named in the import log: one schedule per campus and source. */
export const sourceLabel = (source: FaqSource): string =>
  source.kind === 'libanswers' ? `libanswers:${source.baseUrl}${source.groupId !== undefined ? `#${source.groupId}` : ''}` : `${source.kind}:${source.path}`;
