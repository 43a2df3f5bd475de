/** The server options the FAQ capability contributes (`ServerOptions`), checked before anything starts. */
import { DeskbellServerError } from '../platform/errors';
import { describeIssues } from '../platform/issues';
import type { FaqsOptions } from './faqs';
import { FaqImportPlan, type FaqImportPlanInput } from './sources';

export interface FaqServerOptions {
  /** Scheduled FAQ imports per campus (see ./sources.ts). */
  faqImports?: FaqImportPlanInput;
  /** How often to look for FAQ changes made by another process (default 15 s); tests shorten it. */
  faqWatchMs?: number;
}

/** The plan checked against its schema (a bad one refuses the start); the campuses it names are checked once the directory is open. */
export function faqsOptions(options: FaqServerOptions): FaqsOptions {
  if (!options.faqImports) return { plan: null, watchMs: options.faqWatchMs };
  const plan = FaqImportPlan.safeParse(options.faqImports);
  if (!plan.success) throw new DeskbellServerError('invalid_config', `the FAQ import plan is invalid: ${describeIssues(plan.error)}`);
  return { plan: plan.data, watchMs: options.faqWatchMs };
}

/** A plan naming a campus the directory does not have refuses the start. */
export function checkPlanCampuses(options: FaqsOptions, known: (campus: string) => boolean): void {
  for (const entry of options.plan?.imports ?? []) {
    if (!known(entry.campus)) throw new DeskbellServerError('invalid_config', `the FAQ import plan names an unknown campus "${entry.campus}"`);
  }
}
