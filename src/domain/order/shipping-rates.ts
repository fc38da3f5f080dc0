import { z } from 'zod';
import { ownEntry } from './own-entry';

export const ShippingMethod = z.enum(['standard', 'express', 'next_day', 'pickup']);
export type ShippingMethod = z.infer<typeof ShippingMethod>;

export const shippingMethods = ShippingMethod.options;

/** Collected by the customer at a store: allocated to stores only, never labelled or shipped. */
export const isPickup = (order: { readonly shippingMethod: string }): boolean => order.shippingMethod === 'pickup';

/** What shipping costs in one currency, in its minor units (cents, pence; yen have none). */
export type CurrencyRates = {
  standard: number;
  /** Standard shipping is free from this items total on. */
  freeStandardFrom: number;
  express: number;
  next_day: number;
};

/**
 * Rates per currency: an amount means nothing without its currency (5000 is
 * 50.00 dollars but 5000 yen). An order in a currency missing here cannot be
 * priced and is rejected at validation. Pickup is free in every currency.
 */
export const SHIPPING_RATES: Readonly<Record<string, CurrencyRates>> = {
  USD: { standard: 499, freeStandardFrom: 5000, express: 1499, next_day: 2999 },
  CAD: { standard: 699, freeStandardFrom: 7500, express: 1999, next_day: 3999 },
  EUR: { standard: 450, freeStandardFrom: 4500, express: 1350, next_day: 2700 },
  GBP: { standard: 399, freeStandardFrom: 4000, express: 1199, next_day: 2499 },
  JPY: { standard: 700, freeStandardFrom: 7500, express: 2000, next_day: 3500 },
};

export const shippingRatesFor = (currency: string): CurrencyRates | null => ownEntry(SHIPPING_RATES, currency) ?? null;

/** The shipping cost of an order, or null when there is no rate for that method in that currency. */
export const shippingCostFor = (method: string, currency: string, itemsTotal: number): number | null => {
  const rates = shippingRatesFor(currency);
  if (!rates) return null;
  switch (method) {
    case 'standard':
      return itemsTotal >= rates.freeStandardFrom ? 0 : rates.standard;
    case 'express':
      return rates.express;
    case 'next_day':
      return rates.next_day;
    case 'pickup':
      return 0;
    default:
      return null;
  }
};
