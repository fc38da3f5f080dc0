import { randomUUID } from 'node:crypto';
import { Notification, NotificationKind, NotificationOrders } from '../../src/infrastructure/notifications/notifier';

export const ORDER_ID = '0190f3c4-7b1e-7cc0-9a51-3b2f5d1e8a42';

const summary = {
  orderId: ORDER_ID,
  currency: 'EUR',
  lines: [
    { sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2, unitPrice: 1_250 },
    { sku: 'TEA-EARL', name: null, quantity: 1, unitPrice: 899 },
  ],
  totals: { items: 3_399, shipping: 499, grand: 3_898 },
};

/** One example order per kind, with what its template shows. */
export const exampleOrders: NotificationOrders = {
  confirmation: summary,
  rejected: {
    orderId: ORDER_ID,
    reasons: [
      { code: 'ADDRESS.POSTAL_CODE', message: 'The shipping address has no postal code' },
      { code: 'CATALOG.UNKNOWN_SKU', message: 'SKU GHOST-1 is not in the catalog' },
    ],
  },
  payment_failed: { ...summary, reason: 'The card was declined' },
  backordered: { orderId: ORDER_ID, backordered: [{ sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2 }] },
  shipped: {
    orderId: ORDER_ID,
    carrier: 'sandbox-post',
    trackingNumber: 'SBX123456789012',
    trackingUrl: 'https://track.sandbox.invalid/SBX123456789012',
    lines: [{ sku: 'TEA-EARL', name: 'Earl Grey tea', quantity: 1 }],
  },
  ready_for_pickup: {
    orderId: ORDER_ID,
    store: { name: 'Market Street store', city: 'Springfield', postalCode: '62701' },
    lines: [{ sku: 'MUG-BLUE', name: 'Blue mug', quantity: 2 }],
  },
  delivered: { orderId: ORDER_ID, carrier: 'sandbox-post', trackingNumber: 'SBX123456789012' },
  cancelled: { orderId: ORDER_ID, reason: 'Cancelled at your request' },
  delivery_exception: { orderId: ORDER_ID, carrier: 'USPS', trackingNumber: 'EZ0000000001', reason: 'Returned to sender' },
};

/** Text each kind's body must contain, beyond the order id. */
export const mustSay: Record<NotificationKind, string[]> = {
  confirmation: ['2 x Blue mug (MUG-BLUE)', '€25.00', 'Total: €38.98'],
  rejected: ['The shipping address has no postal code', 'SKU GHOST-1 is not in the catalog'],
  payment_failed: ['€38.98', 'The card was declined'],
  backordered: ['2 x Blue mug (MUG-BLUE)'],
  shipped: ['SBX123456789012', 'sandbox-post', '1 x Earl Grey tea (TEA-EARL)'],
  ready_for_pickup: ['ready for you to collect at Market Street store', 'Springfield, 62701', '2 x Blue mug (MUG-BLUE)'],
  delivered: ['SBX123456789012'],
  cancelled: ['Cancelled at your request'],
  delivery_exception: ['could not deliver', 'Returned to sender', 'EZ0000000001 (USPS)'],
};

/** Text each kind's SMS must contain, beyond the order id: the facts, short. */
export const smsMustSay: Record<NotificationKind, string[]> = {
  confirmation: ['2 x Blue mug, 1 x TEA-EARL', '€38.98'],
  rejected: ['The shipping address has no postal code', '+1 more'],
  payment_failed: ['€38.98', 'The card was declined'],
  backordered: ['2 x Blue mug'],
  shipped: ['sandbox-post SBX123456789012', 'https://track.sandbox.invalid/SBX123456789012'],
  ready_for_pickup: ['Market Street store, Springfield'],
  delivered: ['was delivered'],
  cancelled: ['Cancelled at your request'],
  delivery_exception: ['could not deliver', 'Returned to sender'],
};

export const notification = <K extends NotificationKind>(
  kind: K,
  overrides: Partial<Omit<Notification<K>, 'kind'>> = {},
): Notification<K> =>
  ({
    idempotencyKey: `notify-${kind}-${randomUUID()}`,
    kind,
    to: { email: 'ada@example.com', name: 'Ada Lovelace' },
    order: exampleOrders[kind],
    ...overrides,
  }) as Notification<K>;
