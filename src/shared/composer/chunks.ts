/**
 * Chat favours short messages: a long reply is offered as several, split where a reader
 * expects a pause (between paragraphs, else between sentences, else between words), never
 * inside a labelled link.
 */

/** Replies longer than this are offered as chunks. */
export const CHUNK_OFFER_CHARS = 320;
/** Each chunk aims to stay under this. */
export const CHUNK_TARGET_CHARS = 280;

/** Places a cut may go: after a sentence's end (. ! ? …, optionally closed by a quote or bracket) and its spaces. */
const SENTENCE_END = /[.!?…]["'”’)\]]*\s+/g;
const LABELLED_LINK = /\[[^[\]\n\r]{1,200}\]\([^()\s]{1,2000}\)/g;

function sentences(paragraph: string): string[] {
  const out: string[] = [];
  let from = 0;
  // Sentence ends inside a labelled link ("[Dr. Who](…)") are not ends.
  const links = [...paragraph.matchAll(LABELLED_LINK)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const match of paragraph.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (links.some(([a, b]) => match.index >= a && match.index < b)) continue;
    out.push(paragraph.slice(from, end).trim());
    from = end;
  }
  if (from < paragraph.length) out.push(paragraph.slice(from).trim());
  return out.filter((s) => s !== '');
}

/** A piece longer than the target, cut between words (a link or a very long word stays whole). */
function byWords(piece: string, target: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of piece.split(/\s+/)) {
    if (current !== '' && current.length + 1 + word.length > target) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Pack pieces into chunks of at most `target` characters, joined by `glue`. */
function pack(pieces: string[], target: number, glue: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current !== '' && current.length + glue.length + piece.length > target) {
      out.push(current);
      current = piece;
    } else current = current === '' ? piece : `${current}${glue}${piece}`;
  }
  if (current !== '') out.push(current);
  return out;
}

/**
 * The text as chat-sized messages: whole paragraphs where they fit, else sentences, else
 * words. Short text comes back as one message. Nothing is lost: the chunks hold every word.
 */
export function chunkMessage(text: string, target = CHUNK_TARGET_CHARS): string[] {
  const trimmed = text.trim();
  if (trimmed.length <= target) return trimmed === '' ? [] : [trimmed];
  const chunks: string[] = [];
  for (const paragraph of trimmed.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)) {
    if (paragraph.length <= target) {
      chunks.push(paragraph);
      continue;
    }
    const pieces = sentences(paragraph).flatMap((sentence) => (sentence.length <= target ? [sentence] : byWords(sentence, target)));
    chunks.push(...pack(pieces, target, ' '));
  }
  // Short neighbouring paragraphs travel together, as the librarian wrote them.
  return pack(chunks, target, '\n\n');
}

/** Offer chunks only when the reply is long and really splits. */
export function chunksToOffer(text: string): string[] | null {
  if (text.trim().length <= CHUNK_OFFER_CHARS) return null;
  const chunks = chunkMessage(text);
  return chunks.length > 1 ? chunks : null;
}
