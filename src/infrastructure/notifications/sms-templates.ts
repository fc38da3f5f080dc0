import { Notification, NotificationKind, NotificationOrders, QuantityLine } from './notifier';
import { formatMoney, RenderOptions } from './templates';

/**
 * The text message of each notification: one or two SMS segments, no
 * greeting and nothing about the customer beyond the order itself; the
 * email carries the detail. Pure.
 */
type SmsTemplate<K extends NotificationKind> = (order: NotificationOrders[K], money: (minor: number) => string) => string;

/** Lines named before the rest are summed up as "+N more". */
const NAMED_LINES = 2;
const NAME_LENGTH = 30;

const shortName = (line: { sku: string; name?: string | null }): string => {
  const name = line.name?.trim() || line.sku;
  return name.length > NAME_LENGTH ? `${name.slice(0, NAME_LENGTH - 3)}...` : name;
};

const items = (lines: readonly { sku: string; name?: string | null; quantity: number }[]): string => {
  const named = lines.slice(0, NAMED_LINES).map((line) => `${line.quantity} x ${shortName(line)}`);
  const more = lines.length - named.length;
  return more > 0 ? `${named.join(', ')} +${more} more` : named.join(', ');
};

/** Free text (a reason) cut to `max` characters, without its closing full stop. */
const clip = (text: string, max = 80): string => {
  const plain = text.trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  return plain.length > max ? `${plain.slice(0, max - 3)}...` : plain;
};

const templates: { [K in NotificationKind]: SmsTemplate<K> } = {
  confirmation: (order, money) => `We received order ${order.orderId}: ${items(order.lines)}, total ${money(order.totals.grand)}. We'll text you when it ships.`,
  rejected: (order) => {
    const [first] = order.reasons;
    const more = order.reasons.length > 1 ? ` (+${order.reasons.length - 1} more reasons by email)` : '';
    return `We could not accept order ${order.orderId}${first ? `: ${clip(first.message)}${more}` : ''}. You have not been charged.`;
  },
  payment_failed: (order, money) =>
    `Payment of ${money(order.totals.grand)} for order ${order.orderId} failed: ${clip(order.reason)}. Please order again with another payment method.`,
  backordered: (order) => `Order ${order.orderId}: ${items(order.backordered)} backordered. We'll ship as soon as back in stock.`,
  shipped: (order) =>
    `Order ${order.orderId} has shipped${order.lines?.length ? ` (${items(order.lines as readonly QuantityLine[])})` : ''}: ${order.carrier} ${order.trackingNumber}${order.trackingUrl ? ` ${order.trackingUrl}` : ''}`,
  ready_for_pickup: (order) =>
    `Order ${order.orderId} is ready for pickup at ${[order.store.name, order.store.city].filter(Boolean).join(', ')}. Bring your order number.`,
  delivered: (order) => (order.collected ? `You collected order ${order.orderId}. Enjoy!` : `Order ${order.orderId} was delivered. Enjoy!`),
  cancelled: (order) =>
    `Order ${order.orderId} was cancelled${order.reason ? ` (${clip(order.reason, 60)})` : ''}. Any payment authorization has been released.`,
  delivery_exception: (order) =>
    `The carrier could not deliver order ${order.orderId} (${clip(order.reason, 60)}; ${order.carrier} ${order.trackingNumber}). We will be in touch.`,
};

export const renderSms = (notification: Notification, options: RenderOptions = {}): string => {
  const currency = 'currency' in notification.order ? notification.order.currency : 'USD';
  const money = (minor: number) => formatMoney(minor, currency, options.locale);
  // As in templates.ts: the mapped type pairs each kind with its order, which TS cannot follow through a union.
  const template = templates[notification.kind] as SmsTemplate<NotificationKind>;
  return `${options.shopName ?? 'Shop'}: ${template(notification.order as never, money)}`;
};
