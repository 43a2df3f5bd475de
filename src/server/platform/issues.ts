import type { z } from 'zod';

/** `campuses[3].website: Invalid URL` — names the field so a person can find it in the file. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  let where = '';
  for (const part of issue.path) {
    if (typeof part === 'number') where += `[${part}]`;
    else where += where === '' ? String(part) : `.${String(part)}`;
  }
  return `${where === '' ? '(top level)' : where}: ${issue.message}`;
}

export function describeIssues(error: z.ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map(describeIssue);
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : '';
  return lines.join('; ') + more;
}
