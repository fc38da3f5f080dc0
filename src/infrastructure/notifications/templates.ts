import {
  Notification,
  NotificationKind,
  NotificationLine,
  NotificationOrders,
  NotificationTotals,
  QuantityLine,
  Recipient,
} from './notifier';

/**
 * The customer-facing text of each notification, pure: subject, plain-text
 * body and a minimal HTML body, both rendered from one list of blocks so they
 * always say the same thing.
 */
export type RenderedMessage = { subject: string; text: string; html: string };

export type RenderOptions = {
  /** BCP 47 locale for money. Default en-US. */
  locale?: string;
  /** Signs the message. */
  shopName?: string;
};

type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'fields'; fields: [label: string, value: string][] };

type Template<K extends NotificationKind> = (
  order: NotificationOrders[K],
  money: (minor: number) => string,
) => { subject: string; blocks: Block[] };

const paragraph = (text: string): Block => ({ type: 'paragraph', text });
const list = (items: string[]): Block => ({ type: 'list', items });
const fields = (...entries: [string, string][]): Block => ({ type: 'fields', fields: entries });

/**
 * Minor units as money, e.g. 123456 USD -> "$1,234.56", 500 JPY -> "¥500":
 * the currency's own number of decimals comes from Intl. A malformed currency
 * code still renders (as "12.34 XX") rather than losing the message.
 */
/** Building a NumberFormat costs far more than using one: keep one per locale and currency. */
const formats = new Map<string, { format: Intl.NumberFormat; decimals: number } | null>();

const moneyFormat = (locale: string, currency: string) => {
  const key = `${locale}|${currency}`;
  if (!formats.has(key)) {
    try {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
      formats.set(key, { format, decimals: format.resolvedOptions().maximumFractionDigits ?? 2 });
    } catch {
      formats.set(key, null);
    }
  }
  return formats.get(key) ?? null;
};

export const formatMoney = (minor: number, currency: string, locale = 'en-US'): string => {
  const money = moneyFormat(locale, currency);
  if (!money) return `${(minor / 100).toFixed(2)} ${currency}`;
  return money.format.format(minor / 10 ** money.decimals);
};

const describe = (line: { sku: string; name?: string | null }): string => (line.name ? `${line.name} (${line.sku})` : line.sku);

const pricedLines = (lines: readonly NotificationLine[], money: (minor: number) => string): Block =>
  list(lines.map((l) => `${l.quantity} x ${describe(l)} at ${money(l.unitPrice)} = ${money(l.quantity * l.unitPrice)}`));

const quantityLines = (lines: readonly QuantityLine[]): Block => list(lines.map((l) => `${l.quantity} x ${describe(l)}`));

const totals = (t: NotificationTotals, money: (minor: number) => string): Block =>
  fields(['Items', money(t.items)], ['Shipping', money(t.shipping)], ['Total', money(t.grand)]);

const templates: { [K in NotificationKind]: Template<K> } = {
  confirmation: (order, money) => ({
    subject: `We received your order ${order.orderId}`,
    blocks: [
      paragraph(`Thank you for your order ${order.orderId}. We are checking it now and will let you know when it ships.`),
      pricedLines(order.lines, money),
      totals(order.totals, money),
    ],
  }),
  rejected: (order) => ({
    subject: `We could not accept your order ${order.orderId}`,
    blocks: [
      paragraph(`We are sorry, we could not accept your order ${order.orderId} for the following reasons:`),
      list(order.reasons.map((r) => r.message)),
      paragraph('You have not been charged. Please correct the order and place it again.'),
    ],
  }),
  payment_failed: (order, money) => ({
    subject: `Payment for your order ${order.orderId} failed`,
    blocks: [
      paragraph(`We could not take the payment of ${money(order.totals.grand)} for your order ${order.orderId}.`),
      fields(['Reason', order.reason]),
      paragraph('Please place the order again with another payment method.'),
    ],
  }),
  backordered: (order) => ({
    subject: `Some items in your order ${order.orderId} are backordered`,
    blocks: [
      paragraph(`Some items in your order ${order.orderId} are out of stock right now:`),
      quantityLines(order.backordered),
      paragraph('We will ship them as soon as they are back in stock.'),
    ],
  }),
  shipped: (order) => ({
    subject: `Your order ${order.orderId} has shipped`,
    blocks: [
      paragraph(`Good news: your order ${order.orderId} is on its way.`),
      ...(order.lines && order.lines.length > 0 ? [paragraph('This shipment contains:'), quantityLines(order.lines)] : []),
      fields(
        ['Carrier', order.carrier],
        ['Tracking number', order.trackingNumber],
        ...(order.trackingUrl ? [['Track your parcel', order.trackingUrl] as [string, string]] : []),
      ),
    ],
  }),
  ready_for_pickup: (order) => ({
    subject: `Your order ${order.orderId} is ready for pickup`,
    blocks: [
      paragraph(`Good news: your order ${order.orderId} is ready for you to collect at ${order.store.name}.`),
      fields(['Store', [order.store.name, order.store.city, order.store.postalCode].filter(Boolean).join(', ')]),
      ...(order.lines.length > 0 ? [paragraph('Waiting for you:'), quantityLines(order.lines)] : []),
      paragraph('Please bring this message or your order number when you come.'),
    ],
  }),
  delivered: (order) => ({
    subject: order.collected ? `You collected your order ${order.orderId}` : `Your order ${order.orderId} was delivered`,
    blocks: [
      paragraph(
        order.collected
          ? `You collected your order ${order.orderId}. We hope you enjoy it.`
          : `Your order ${order.orderId} was delivered. We hope you enjoy it.`,
      ),
      ...(order.trackingNumber
        ? [fields(['Tracking number', order.carrier ? `${order.trackingNumber} (${order.carrier})` : order.trackingNumber])]
        : []),
    ],
  }),
  cancelled: (order) => ({
    subject: `Your order ${order.orderId} was cancelled`,
    blocks: [
      paragraph(`Your order ${order.orderId} was cancelled. Any payment authorization has been released.`),
      ...(order.reason ? [fields(['Reason', order.reason])] : []),
    ],
  }),
  delivery_exception: (order) => ({
    subject: `A problem with the delivery of your order ${order.orderId}`,
    blocks: [
      paragraph(`The carrier could not deliver your order ${order.orderId}. We are looking into it and will be in touch about what happens next.`),
      fields(['Carrier says', order.reason], ['Tracking number', `${order.trackingNumber} (${order.carrier})`]),
    ],
  }),
};

const greeting = (to: Recipient): string => (to.name?.trim() ? `Hello ${to.name.trim()},` : 'Hello,');

const renderText = (blocks: Block[]): string =>
  blocks
    .map((block) => {
      switch (block.type) {
        case 'paragraph':
          return block.text;
        case 'list':
          return block.items.map((item) => `- ${item}`).join('\n');
        case 'fields':
          return block.fields.map(([label, value]) => `${label}: ${value}`).join('\n');
      }
    })
    .join('\n\n');

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const renderHtml = (subject: string, blocks: Block[]): string => {
  const body = blocks.map((block) => {
    switch (block.type) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text).replace(/\n/g, '<br>')}</p>`;
      case 'list':
        return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
      case 'fields':
        return `<table>${block.fields
          .map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
          .join('')}</table>`;
    }
  });
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>\n${body.join('\n')}\n</body></html>\n`;
};

export const renderNotification = (notification: Notification, options: RenderOptions = {}): RenderedMessage => {
  const currency = 'currency' in notification.order ? notification.order.currency : 'USD';
  const money = (minor: number) => formatMoney(minor, currency, options.locale);
  // The mapped type pairs each kind with its order shape; TS cannot follow that through a union, hence the cast.
  const template = templates[notification.kind] as Template<NotificationKind>;
  const { subject, blocks } = template(notification.order as never, money);
  const all = [paragraph(greeting(notification.to)), ...blocks, paragraph(`Thank you,\n${options.shopName ?? 'The shop team'}`)];
  return { subject, text: `${renderText(all)}\n`, html: renderHtml(subject, all) };
};
