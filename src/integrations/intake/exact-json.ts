/**
 * Parses JSON text as JSON.parse does, except that an integer too large to be
 * a safe JavaScript number (platform order ids exceed 2^53) arrives as the
 * string of its digits, exactly as sent, instead of a rounded number. Node 20
 * has no reviver access to the source text, so the text is rewritten first:
 * such integers outside strings are put in quotes.
 */
export const parseExactJson = (text: string): unknown => JSON.parse(quoteUnsafeIntegers(text));

const UNSAFE_DIGITS = String(Number.MAX_SAFE_INTEGER).length;

const quoteUnsafeIntegers = (text: string): string => {
  let out = '';
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      i = endOfString(text, i);
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const end = endOfNumber(text, i);
      const literal = text.slice(i, end);
      if (/^-?\d+$/.test(literal) && literal.replace('-', '').length >= UNSAFE_DIGITS && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(from, i)}"${literal}"`;
        from = end;
      }
      i = end;
      continue;
    }
    i++;
  }
  return out + text.slice(from);
};

/** The index just past the string that opens at `start` (malformed text is left for JSON.parse to refuse). */
const endOfString = (text: string, start: number): number => {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
};

const endOfNumber = (text: string, start: number): number => {
  let i = start + 1;
  while (i < text.length && /[0-9eE+.-]/.test(text[i]!)) i++;
  return i;
};
