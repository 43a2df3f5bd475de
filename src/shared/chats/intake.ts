const QUESTION_WORDS = /^(how|what|when|where|why|who|which|can|could|do|does|is|are|i need|i'm looking|im looking|looking for|help|hi|hello)\b/i;

/**
 * Patrons often type their question into the name box. A name is short, has no question mark
 * and does not start like a sentence; anything else is treated as the question.
 */
export function nameLooksLikeQuestion(name: string): boolean {
  const text = name.trim();
  if (text.includes('?')) return true;
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 4) return true;
  return QUESTION_WORDS.test(text) && words.length > 1;
}
