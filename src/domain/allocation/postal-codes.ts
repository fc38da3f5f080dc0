/** Postal codes compare ignoring case and spaces: "sw1a 1aa" is "SW1A1AA". */
export const normalizePostalCode = (postalCode: string): string => postalCode.replace(/\s+/g, '').toUpperCase();

/** The longest common prefix of two postal codes, normalized; "" when they share none. */
export const commonPostalPrefix = (a: string, b: string): string => {
  const x = normalizePostalCode(a);
  const y = normalizePostalCode(b);
  let length = 0;
  while (length < x.length && length < y.length && x[length] === y[length]) length += 1;
  return x.slice(0, length);
};
