import { AddressRejected, CarrierRejected, Parcel, ShipFrom, ShipTo } from './carrier';

/*
 * What any carrier refuses before it is asked: checked here so a request
 * that can never pass fails the same way on every adapter, without a call.
 */

const isBlank = (value: string | null | undefined): boolean => !value || value.trim() === '';
const isCountryCode = (value: string | null | undefined): boolean => /^[A-Za-z]{2}$/.test(value ?? '');

export const checkShipFrom = (from: ShipFrom): void => {
  if (isBlank(from.postalCode)) throw new AddressRejected('shipFrom.postalCode', 'is missing');
  if (!isCountryCode(from.country)) throw new AddressRejected('shipFrom.country', 'must be a two-letter country code');
};

export const checkShipTo = (to: ShipTo): void => {
  if (isBlank(to.postalCode)) throw new AddressRejected('shipTo.postalCode', 'is missing');
  if (!isCountryCode(to.country)) throw new AddressRejected('shipTo.country', 'must be a two-letter country code');
};

export const checkParcels = (parcels: readonly Parcel[]): void => {
  if (parcels.length === 0) throw new CarrierRejected('invalid_parcels', 'a label needs at least one parcel');
  const bad = parcels.findIndex((p) => !Number.isSafeInteger(p.weightGrams) || p.weightGrams <= 0);
  if (bad >= 0) {
    throw new CarrierRejected('invalid_parcels', `parcel ${bad} must weigh a positive whole number of grams`, {
      parcel: bad,
    });
  }
};

/** Whether the parcel stays in one country (compared case-insensitively). */
export const isDomestic = (from: ShipFrom, to: ShipTo): boolean => from.country.toUpperCase() === to.country.toUpperCase();

/** The calendar date `days` after `from`, as YYYY-MM-DD (UTC). */
export const dateAfter = (from: Date, days: number): string => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
