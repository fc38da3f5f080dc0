import type { AtpByLocation } from './allocation.types';

const own = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** atp of a SKU at a location; a missing location or SKU means 0. Keys such as "constructor" never reach the prototype. */
export const atpAt = (atp: AtpByLocation, locationId: string, sku: string): number => {
  const atLocation = own(atp, locationId);
  return atLocation ? (own(atLocation, sku) ?? 0) : 0;
};

/**
 * What is left to promise while a plan is built: two lines of the same SKU at
 * the same location draw on one atp, so every take is counted.
 */
export const atpLedger = (atp: AtpByLocation) => {
  const taken = new Map<string, number>();
  const key = (locationId: string, sku: string): string => JSON.stringify([locationId, sku]);
  const left = (locationId: string, sku: string): number =>
    atpAt(atp, locationId, sku) - (taken.get(key(locationId, sku)) ?? 0);
  const take = (locationId: string, sku: string, quantity: number): void => {
    if (quantity <= 0 || quantity > left(locationId, sku))
      throw new Error(`bug: taking ${quantity} of ${sku} at ${locationId}, ${left(locationId, sku)} left`);
    taken.set(key(locationId, sku), (taken.get(key(locationId, sku)) ?? 0) + quantity);
  };
  return { left, take };
};
export type AtpLedger = ReturnType<typeof atpLedger>;
