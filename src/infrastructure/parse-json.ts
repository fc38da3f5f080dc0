/** JSON.parse, or `fallback` when the text is not JSON: what an outside service sends is not always what it documents. */
export const parseJsonOr = <T>(text: string, fallback: T): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};
