import { TEMPLATE_DEFAULTS, type TemplateName } from '../../shared/templates/defaults';

/**
 * The one way the backend reads what a patron is told: a template's text for a campus. Today
 * every campus gets the default (src/shared/templates/defaults.ts); the template store (per
 * institution and campus, edited by admins) is to answer here, and nothing else changes.
 */
export function templateText(name: TemplateName, _campus: string): string {
  return TEMPLATE_DEFAULTS[name].text;
}
