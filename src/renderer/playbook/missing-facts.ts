import { TEMPLATE_VARIABLES } from '../../shared/templates/fill';

/** Directory facts a template may need, named as a librarian says them. */
const FACT_WORDS: Partial<Record<string, string>> = {
  counselingUrl: 'counseling page',
  counselingPhone: 'counseling phone number',
  publicSafety: 'public-safety phone number',
  campusPhone: 'library phone number',
  campusWebsite: 'library website',
  director: 'library director',
  directorEmail: 'director’s email',
  allLibrariesUrl: 'page listing every library',
};

const VARIABLE_WORDS: Partial<Record<string, string>> = TEMPLATE_VARIABLES;

const factWords = (name: string): string => FACT_WORDS[name] ?? VARIABLE_WORDS[name] ?? name;

/** "counseling page", "counseling page or counseling phone number": what is missing, in words, never `{counselingUrl}`. */
export function missingFacts(names: readonly string[]): string {
  const words = names.map(factWords);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** Why a template cannot be sent, as a sentence: the directory lacks a fact for this campus. */
export const missingFactsSentence = (names: readonly string[], campusName: string): string =>
  `The directory has no ${missingFacts(names)} for ${campusName}, so this cannot be sent. An administrator can add it to the campus card.`;
