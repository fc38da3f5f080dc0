/** One field that differs between two JSON documents; `undefined` means the field is missing on that side. */
export type FieldDifference = { path: string; live: unknown; rebuilt: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The leaf fields where two JSON documents differ, as dotted paths
 * (`lines[0].quantity`); key order does not matter. Arrays of different
 * lengths are reported whole, at their own path.
 */
export function diffDocuments(live: unknown, rebuilt: unknown, path = ''): FieldDifference[] {
  if (Object.is(live, rebuilt)) return [];
  if (isObject(live) && isObject(rebuilt)) {
    const keys = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort();
    return keys.flatMap((key) => diffDocuments(live[key], rebuilt[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(live) && Array.isArray(rebuilt) && live.length === rebuilt.length) {
    return live.flatMap((item, index) => diffDocuments(item, rebuilt[index], `${path}[${index}]`));
  }
  return [{ path: path || '(document)', live, rebuilt }];
}

const MAX_VALUE_LENGTH = 60;

/** A value as JSON, cut short when long; `missing` for a field one side does not have. */
export const showValue = (value: unknown): string => {
  if (value === undefined) return 'missing';
  const json = JSON.stringify(value);
  return json.length > MAX_VALUE_LENGTH ? `${json.slice(0, MAX_VALUE_LENGTH - 3)}...` : json;
};
