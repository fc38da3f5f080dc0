import { Parcel, ShipFrom, ShippingService, ShipTo, TrackingStatus } from '../carrier';
import { EasyPostRate } from './easypost-objects';

/** A box size sent with every parcel, in centimetres: carriers price by size as well as weight. */
export type ParcelSize = { lengthCm: number; widthCm: number; heightCm: number };

const GRAMS_PER_OUNCE = 28.349523125;
const CM_PER_INCH = 2.54;
const round1 = (value: number) => Math.round(value * 10) / 10;

export const toEasyPostAddress = (address: ShipTo | ShipFrom, extra: { company?: string | null } = {}) => ({
  ...(address.name ? { name: address.name } : {}),
  ...(extra.company ? { company: extra.company } : {}),
  ...(address.line1 ? { street1: address.line1 } : {}),
  ...('line2' in address && address.line2 ? { street2: address.line2 } : {}),
  ...(address.city ? { city: address.city } : {}),
  ...(address.region ? { state: address.region } : {}),
  zip: address.postalCode,
  country: address.country.toUpperCase(),
});

/** One EasyPost parcel for all of ours (a Shipment carries one): weights add up, in ounces as EasyPost takes them. */
export const toEasyPostParcel = (parcels: readonly Parcel[], size: ParcelSize) => ({
  weight: round1(parcels.reduce((sum, p) => sum + p.weightGrams, 0) / GRAMS_PER_OUNCE),
  length: round1(size.lengthCm / CM_PER_INCH),
  width: round1(size.widthCm / CM_PER_INCH),
  height: round1(size.heightCm / CM_PER_INCH),
});

/** The most days in transit each of our service levels allows; standard takes whatever is cheapest. */
const MAX_DAYS: Record<Exclude<ShippingService, 'pickup'>, number> = { standard: Number.POSITIVE_INFINITY, express: 3, next_day: 1 };

/**
 * The rates a label for `service` may be bought at: one of our service
 * levels allows every rate fast enough for it (a rate with no delivery
 * estimate is only good for standard); any other name is a carrier service
 * name and allows the rates of that name.
 */
export const allowedRates = (rates: readonly EasyPostRate[], service: string): EasyPostRate[] => {
  if (service === 'pickup') return [];
  if (service in MAX_DAYS) {
    const max = MAX_DAYS[service as keyof typeof MAX_DAYS];
    return rates.filter((r) => (r.delivery_days ?? Number.POSITIVE_INFINITY) <= max);
  }
  return rates.filter((r) => r.service === service);
};

/** The cheapest rate, by its amount in minor units; null when there is none. */
export const cheapest = (rates: readonly EasyPostRate[]): EasyPostRate | null =>
  rates.reduce<EasyPostRate | null>((best, r) => (best === null || minorUnits(r.rate, r.currency) < minorUnits(best.rate, best.currency) ? r : best), null);

const fractionDigits = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};

/** "7.58" USD -> 758, exactly (no floating point on the way). */
export const minorUnits = (amount: string, currency: string): number => {
  const digits = fractionDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`not an amount: ${amount}`);
  const fraction = (match[2] ?? '').padEnd(digits, '0');
  const kept = fraction.slice(0, digits);
  const roundUp = fraction.length > digits && fraction[digits]! >= '5' ? 1 : 0;
  return Number(match[1]) * 10 ** digits + Number(kept || '0') + roundUp;
};

/** The rate's delivery date, or the one its day count gives from `now`; null when it gives neither. */
export const estimatedDeliveryOf = (rate: EasyPostRate, now: Date): string | null => {
  if (rate.delivery_date) return rate.delivery_date.slice(0, 10);
  if (rate.delivery_days != null) return new Date(now.getTime() + rate.delivery_days * 86_400_000).toISOString().slice(0, 10);
  return null;
};

/** EasyPost's tracking statuses as ours; null for those that say nothing about where the parcel is. */
export const trackingStatusOf = (status: string): TrackingStatus | null => {
  switch (status) {
    case 'pre_transit':
      return 'label_created';
    case 'in_transit':
    case 'available_for_pickup':
      return 'in_transit';
    case 'out_for_delivery':
      return 'out_for_delivery';
    case 'delivered':
      return 'delivered';
    case 'return_to_sender':
    case 'failure':
    case 'cancelled':
    case 'error':
      return 'exception';
    default:
      return null;
  }
};
