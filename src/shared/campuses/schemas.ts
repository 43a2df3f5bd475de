import { z } from 'zod';
import { CampusId } from '../protocol/common';

const OptionalUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ })]);
const OptionalEmail = z.union([z.literal(''), z.email()]);
const OptionalText = z.string().trim().max(200);

/** A campus library. Unknown facts stay empty strings rather than guesses. */
export const Campus = z.object({
  id: CampusId,
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['community-college', 'university', 'state-library', 'system-office']),
  website: OptionalUrl,
  faqUrl: OptionalUrl,
  hours: OptionalText,
  hoursUrl: OptionalUrl,
  phone: OptionalText,
  publicSafetyPhone: OptionalText,
  counselingUrl: OptionalUrl,
  directorName: OptionalText,
  directorEmail: OptionalEmail,
});
export type Campus = z.infer<typeof Campus>;

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
