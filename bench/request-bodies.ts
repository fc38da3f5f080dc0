/** Valid request bodies for the API (docs/api.md's examples), with what a caller cares about swapped in. */

export type OrderBodyOptions = {
  orderId?: string;
  channel?: string;
  customerId?: string;
  lines?: { sku: string; quantity: number; unitPrice?: number }[];
  currency?: string;
};

/** A valid POST /orders body (docs/api.md's example), with what a test cares about swapped in. */
export const orderBody = (options: OrderBodyOptions = {}) => ({
  ...(options.orderId ? { orderId: options.orderId } : {}),
  channel: options.channel ?? 'web',
  externalRef: 'ext-1',
  customer: { id: options.customerId ?? 'c-1', email: 'a@example.com', name: 'A', phone: '+15555550100' },
  currency: options.currency ?? 'USD',
  lines: options.lines ?? [{ sku: 'SKU-1', quantity: 2 }],
  shippingAddress: {
    name: 'A',
    line1: '1 Main St',
    line2: null,
    city: 'Springfield',
    region: 'IL',
    postalCode: '62701',
    country: 'US',
  },
  shippingMethod: 'standard',
  payment: { method: 'card', token: 'tok_visa' },
  notes: 'leave at door',
});

export const productBody = (unitPrice = 1999, name = 'Widget') => ({ name, unitPrice, currency: 'USD' });

export const locationBody = (priority = 1, name = 'Main warehouse') => ({
  name,
  kind: 'warehouse',
  priority,
  address: { country: 'US', postalCode: '62701', region: 'IL', city: 'Springfield' },
});
