import { notificationKinds } from '../../../src/infrastructure/notifications/notifier';
import { renderSms } from '../../../src/infrastructure/notifications/sms-templates';
import { notification, ORDER_ID, smsMustSay } from '../../contract/notifier.fixtures';

/** Two concatenated SMS segments of the GSM alphabet. */
const TWO_SEGMENTS = 306;

describe('renderSms', () => {
  it.each(notificationKinds)('says what happened to %s in at most two segments, signed, with no name or address', (kind) => {
    const text = renderSms(notification(kind), { shopName: 'Teashop' });
    expect(text.startsWith('Teashop: ')).toBe(true);
    for (const fact of [ORDER_ID, ...smsMustSay[kind]]) expect(text).toContain(fact);
    expect(text.length).toBeLessThanOrEqual(TWO_SEGMENTS);
    expect(text).not.toMatch(/Ada|Lovelace|example\.com/);
  });

  it('stays short however many lines, long names and long reasons the order has', () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ sku: `SKU-${i}`, name: `A product with a very long catalog name number ${i}`, quantity: 1, unitPrice: 100 }));
    const confirmation = renderSms(
      notification('confirmation', { order: { orderId: ORDER_ID, currency: 'USD', lines, totals: { items: 5_000, shipping: 0, grand: 5_000 } } }),
    );
    expect(confirmation).toContain('+48 more');
    expect(confirmation).toContain('A product with a very long ...');
    const cancelled = renderSms(notification('cancelled', { order: { orderId: ORDER_ID, reason: 'x'.repeat(500) } }));
    const rejected = renderSms(notification('rejected', { order: { orderId: ORDER_ID, reasons: Array.from({ length: 5 }, () => ({ message: 'y'.repeat(500) })) } }));
    for (const text of [confirmation, cancelled, rejected]) expect(text.length).toBeLessThanOrEqual(TWO_SEGMENTS);
    expect(rejected).toContain('(+4 more reasons by email)');
  });
});
