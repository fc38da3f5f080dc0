/**
 * Reads a record by a key that came from outside (an allocationId, a SKU, a
 * fulfillmentId), so that keys such as "constructor" or "__proto__" never
 * reach the prototype of a plain object.
 */
export const ownEntry = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

export const hasOwnEntry = (record: Readonly<Record<string, unknown>>, key: string): boolean =>
  Object.hasOwn(record, key);
