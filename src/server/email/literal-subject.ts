/**
 * A Subject that says exactly what it was given. Nodemailer encodes a subject with characters
 * outside ASCII, but passes a well-formed RFC 2047 encoded word (`=?utf-8?B?...?=`) through as
 * it is, and every mail reader then decodes it: a patron's name typed as one would be shown as
 * something else. So a subject that holds `=?` anywhere is itself encoded here, whole, as
 * encoded words: a reader decodes those once, and shows the patron's `=?...?=` as typed.
 */

/** Bytes per encoded word: `=?UTF-8?B?` + 60 base64 characters + `?=` stays within RFC 2047's 75. */
const BYTES_PER_WORD = 45;

export function literalSubject(subject: string): string {
  if (!subject.includes('=?')) return subject;
  const words: string[] = [];
  let chunk = '';
  // By code point, so no character is cut between two words (RFC 2047 6.3).
  for (const char of subject) {
    if (Buffer.byteLength(chunk + char, 'utf8') > BYTES_PER_WORD) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk !== '') words.push(chunk);
  // Whitespace between adjacent encoded words is dropped when they are decoded, so spaces survive inside the words.
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(' ');
}
