/**
 * Patrons often type their question into the name box. A name is short, has no question mark,
 * does not start like a sentence and holds no library words; anything else is treated as the
 * question, shown as such, and the librarian is prompted to ask for the name.
 */

/** How questions and requests start ("how do I", "can you", "I need", "hi, where"). */
const OPENERS =
  /^(hi|hello|hey|good (morning|afternoon|evening)|how|what|when|where|why|who|which|whats|what's|where's|how's|can|could|would|will|should|do|does|did|is|are|was|were|am|i|i'm|im|i've|ive|my|me|looking|need|help|please|question|trying|want|wondering|hoping|quick|urgent|need|is there|are there|any|have|has)\b/i;

/** Words of library questions that no name contains. */
const TOPIC_WORDS =
  /\b(article|articles|book|books|database|databases|journal|journals|citation|citations|cite|apa|mla|chicago|research|paper|papers|essay|assignment|renew|renewal|borrow|loan|library|libraries|printing|print|printer|password|login|log in|sign in|account|hours|open|close|closing|fine|fines|due|overdue|laptop|wifi|wi-fi|room|study|textbook|ebook|e-book|access|find|search|peer|reviewed|source|sources|topic|interlibrary|ill|course|class|professor|nursing|cinahl|proquest|ebsco|jstor)\b/i;

export function nameLooksLikeQuestion(name: string): boolean {
  const text = name.trim().replace(/\s+/g, ' ');
  if (text === '') return false;
  if (/[?¿]/.test(text)) return true;
  const words = text.split(' ');
  // Long compound names ("Maria del Carmen de la Cruz") stay names; sentences run longer.
  if (words.length > 6) return true;
  if (words.length > 1 && OPENERS.test(text)) return true;
  // One word ("Hours") may be a nickname; two with a library word are a request ("library hours").
  if (words.length > 1 && TOPIC_WORDS.test(text)) return true;
  // A sentence ending with a full stop or an exclamation ("Jo Ann Smith Jr." stays a name).
  if (words.length >= 4 && /[a-z]{3,}[.!]$/i.test(text)) return true;
  return false;
}
