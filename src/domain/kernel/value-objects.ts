import { z } from 'zod';
import { isIsoCountry, isIsoCurrency } from './iso-codes';

export const Sku = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');
export type Sku = z.infer<typeof Sku>;

export const LocationId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must match ^[a-z0-9][a-z0-9-]{0,31}$');
export type LocationId = z.infer<typeof LocationId>;

export const OrderId = z.uuid();
export type OrderId = z.infer<typeof OrderId>;

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD', abort: true })
  .refine(isIsoCurrency, 'must be an ISO 4217 currency code such as USD');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as US', abort: true })
  .refine(isIsoCountry, 'must be an assigned ISO 3166-1 alpha-2 country code such as US');
export type CountryCode = z.infer<typeof CountryCode>;

/** Money in integer minor units (cents); the currency lives beside it on the order. */
export const MinorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export type MinorUnits = z.infer<typeof MinorUnits>;

export const MAX_QUANTITY = 1_000_000;
export const Quantity = z.number().int().positive().max(MAX_QUANTITY);
export type Quantity = z.infer<typeof Quantity>;

/** ISO 8601 UTC timestamp, as every event and command carries time. */
export const Timestamp = z.iso.datetime();
export type Timestamp = z.infer<typeof Timestamp>;

/** A phone number as SMS gateways take it (E.164): +, country code and number, 15 digits at most. */
export const E164_PHONE = /^\+[1-9][0-9]{1,14}$/;
