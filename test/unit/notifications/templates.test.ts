import { notificationKinds } from '../../../src/infrastructure/notifications/notifier';
import { formatMoney, renderNotification } from '../../../src/infrastructure/notifications/templates';
import { exampleOrders, mustSay, notification, ORDER_ID } from '../../contract/notifier.fixtures';

describe('formatMoney', () => {
  it.each([
    [123_456, 'USD', '$1,234.56'],
    [1_999, 'EUR', '€19.99'],
    [5, 'USD', '$0.05'],
    [0, 'GBP', '£0.00'],
    [500, 'JPY', '¥500'], // no minor unit: 500 minor units are 500 yen
    [1_234, 'KWD', 'KWD 1.234'], // three decimals
  ])('formats %i minor units of %s as %s', (minor, currency, expected) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, ' ')).toBe(expected);
  });

  it('follows the locale', () => {
    expect(formatMoney(123_456, 'EUR', 'de-DE').replace(/\u00a0/g, ' ')).toBe('1.234,56 €');
  });

  it('still renders a malformed currency code', () => {
    expect(formatMoney(1_234, 'EURO')).toBe('12.34 EURO');
  });
});

describe('renderNotification', () => {
  it.each(notificationKinds)('renders %s with the order id in the subject and its facts in both bodies', (kind) => {
    const { subject, text, html } = renderNotification(notification(kind));
    expect(subject).toContain(ORDER_ID);
    expect(text.startsWith('Hello Ada Lovelace,\n\n')).toBe(true);
    for (const fact of [ORDER_ID, ...mustSay[kind]]) expect(text).toContain(fact);
    expect(html).toContain(`<title>${subject}</title>`);
    expect(html).toContain(ORDER_ID);
  });

  it('gives every kind its own subject', () => {
    const subjects = notificationKinds.map((kind) => renderNotification(notification(kind)).subject);
    expect(new Set(subjects).size).toBe(notificationKinds.length);
  });

  it('lists each rejection reason on its own line', () => {
    const { text, html } = renderNotification(notification('rejected'));
    expect(text).toContain('- The shipping address has no postal code\n- SKU GHOST-1 is not in the catalog');
    expect(html).toContain('<li>The shipping address has no postal code</li><li>SKU GHOST-1 is not in the catalog</li>');
  });

  it('prices lines and totals in the order currency', () => {
    const { text } = renderNotification(notification('confirmation'));
    expect(text).toContain('- 2 x Blue mug (MUG-BLUE) at €12.50 = €25.00\n- 1 x TEA-EARL at €8.99 = €8.99');
    expect(text).toContain('Items: €33.99\nShipping: €4.99\nTotal: €38.98');
    const yen = renderNotification(
      notification('confirmation', {
        order: { ...exampleOrders.confirmation, currency: 'JPY', totals: { items: 3_399, shipping: 0, grand: 3_399 } },
      }),
    );
    expect(yen.text).toContain('Total: ¥3,399');
  });

  it('shows the tracking number and carrier of a shipment, and the tracking page only when given', () => {
    const { text } = renderNotification(notification('shipped'));
    expect(text).toContain('Carrier: sandbox-post\nTracking number: SBX123456789012\nTrack your parcel: https://track.sandbox.invalid/SBX123456789012');
    const bare = renderNotification(
      notification('shipped', { order: { orderId: ORDER_ID, carrier: 'sandbox-post', trackingNumber: 'SBX1' } }),
    );
    expect(bare.text).toContain('Tracking number: SBX1');
    expect(bare.text).not.toContain('Track your parcel');
    expect(bare.text).not.toContain('This shipment contains');
  });

  it('greets without a name when there is none', () => {
    const { text } = renderNotification(notification('delivered', { to: { email: 'ada@example.com', name: null } }));
    expect(text.startsWith('Hello,\n')).toBe(true);
  });

  it('escapes what customers typed before it goes into HTML', () => {
    const { html, text } = renderNotification(
      notification('cancelled', {
        to: { email: 'ada@example.com', name: '<script>alert("x")</script>' },
        order: { orderId: ORDER_ID, reason: 'Tom & Jerry\'s <b>order</b>' },
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Tom &amp; Jerry&#39;s &lt;b&gt;order&lt;/b&gt;');
    expect(text).toContain("Reason: Tom & Jerry's <b>order</b>");
  });

  it('signs with the shop name', () => {
    const { text, html } = renderNotification(notification('delivered'), { shopName: 'Teapot & Co' });
    expect(text.endsWith('Thank you,\nTeapot & Co\n')).toBe(true);
    expect(html).toContain('<p>Thank you,<br>Teapot &amp; Co</p>');
  });
});
