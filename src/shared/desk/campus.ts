import type { Campus } from '../protocol';

/** A campus known only by id and name: every fact empty, never guessed. */
export function campusWithoutFacts(id: string, name: string, kind: Campus['kind'] = 'community-college'): Campus {
  return {
    id,
    name,
    kind,
    website: '',
    faqUrl: '',
    hours: '',
    hoursUrl: '',
    phone: '',
    publicSafetyPhone: '',
    counselingUrl: '',
    directorName: '',
    directorEmail: '',
  };
}
