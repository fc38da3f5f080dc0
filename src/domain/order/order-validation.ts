import { z } from 'zod';
import { CountryCode, MAX_QUANTITY, Quantity } from '../kernel/value-objects';
import type { Catalog } from './order.commands';
import { orderTotals } from './order-totals';
import { RejectionReason, type Customer, type OrderLine, type ShippingAddress } from './order.values';
import { ownEntry } from './own-entry';
import { shippingCostFor } from './shipping-rates';

export const ValidationCode = z.enum([
  'UNKNOWN_SKU',
  'INACTIVE_SKU',
  'INVALID_QUANTITY',
  'CURRENCY_MISMATCH',
  'INVALID_COUNTRY',
  'MISSING_POSTAL_CODE',
  'MISSING_ADDRESS_LINE',
  'INVALID_EMAIL',
  'NON_POSITIVE_TOTAL',
  'NO_SHIPPING_RATE',
]);
export type ValidationCode = z.infer<typeof ValidationCode>;

export const ValidationReason = RejectionReason.extend({ code: ValidationCode });
export type ValidationReason = z.infer<typeof ValidationReason>;

/** What validation looks at: fits a placed order's state and a PlaceOrder command alike. */
export type OrderToValidate = {
  readonly currency: string;
  readonly shippingCost: number;
  readonly shippingMethod: string;
  readonly customer: Pick<Customer, 'email'>;
  readonly shippingAddress: Pick<ShippingAddress, 'line1' | 'postalCode' | 'country'>;
  readonly lines: readonly Pick<OrderLine, 'sku' | 'quantity' | 'unitPrice'>[];
};

/** local@domain.tld: a dot-atom local part, hostname labels, an alphabetic TLD. */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const EMAIL = new RegExp(`^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+[A-Za-z]{2,63}$`);

export const isWellFormedEmail = (email: string): boolean =>
  email.length <= 254 && (email.split('@')[0] ?? '').length <= 64 && EMAIL.test(email);

const isBlank = (text: string): boolean => text.trim() === '';

/**
 * Every check of the validation step; returns all failing
 * reasons, none when the order is valid. Paths index lines from 0.
 */
export const validateOrderAgainstCatalog = (order: OrderToValidate, catalog: Catalog): ValidationReason[] => {
  const reasons: ValidationReason[] = [];
  const fail = (code: ValidationCode, path: string | null, message: string) => reasons.push({ code, message, path });

  order.lines.forEach((line, i) => {
    const product = ownEntry(catalog, line.sku);
    if (!product) fail('UNKNOWN_SKU', `lines[${i}].sku`, `SKU ${line.sku} is not in the catalog`);
    else if (!product.active) fail('INACTIVE_SKU', `lines[${i}].sku`, `SKU ${line.sku} is not active`);
    if (!Quantity.safeParse(line.quantity).success) {
      const message = `quantity ${line.quantity} is not a positive integer up to ${MAX_QUANTITY}`;
      fail('INVALID_QUANTITY', `lines[${i}].quantity`, message);
    }
    if (product && product.currency !== order.currency) {
      const message = `order currency ${order.currency} is not ${product.currency}, the catalog currency of ${line.sku}`;
      fail('CURRENCY_MISMATCH', 'currency', `${message} (lines[${i}])`);
    }
  });

  const { country, postalCode, line1 } = order.shippingAddress;
  if (!CountryCode.safeParse(country).success) {
    fail('INVALID_COUNTRY', 'shippingAddress.country', `country "${country}" is not an ISO 3166-1 alpha-2 code`);
  }
  if (isBlank(postalCode)) fail('MISSING_POSTAL_CODE', 'shippingAddress.postalCode', 'postal code is missing');
  if (isBlank(line1)) fail('MISSING_ADDRESS_LINE', 'shippingAddress.line1', 'address line 1 is missing');
  if (!isWellFormedEmail(order.customer.email)) {
    fail('INVALID_EMAIL', 'customer.email', `email "${order.customer.email}" is not well formed`);
  }
  if (shippingCostFor(order.shippingMethod, order.currency, 0) === null) {
    fail('NO_SHIPPING_RATE', 'currency', `there is no ${order.shippingMethod} shipping rate in ${order.currency}`);
  }
  const { grand } = orderTotals(order);
  if (!(grand > 0)) fail('NON_POSITIVE_TOTAL', null, `order total ${grand} is not positive`);
  return reasons;
};
