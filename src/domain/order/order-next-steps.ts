import type { Notification } from './order.values';
import { notificationKey, type Order } from './order.state';
import { hasReached } from './fulfillment-status';
import { isPickup } from './shipping-rates';

/** Something the fulfilment workflow still owes an order, derived from its state alone. */
export type NextStep =
  | { kind: 'validate' }
  | { kind: 'authorize' }
  | { kind: 'allocate' }
  | { kind: 'label'; fulfillmentId: string }
  | { kind: 'readyForPickup'; fulfillmentId: string }
  | { kind: 'capture'; fulfillmentId: string }
  | { kind: 'void' }
  | { kind: 'notify'; notification: Notification; key: string };

const ORDER_KEY = 'order';

/** One delivery-exception message per fulfilment and kind of exception: told again, the customer is not. */
export const deliveryExceptionKey = (fulfillmentId: string, code: string): string => `${fulfillmentId}:${code}`;

/** The notifications the customer is owed by now, whether sent or not. */
const notificationsOwed = (order: Order): { notification: Notification; key: string }[] => {
  const owed: { notification: Notification; key: string }[] = [{ notification: 'confirmation', key: ORDER_KEY }];
  if (order.validation === 'rejected') owed.push({ notification: 'rejected', key: ORDER_KEY });
  if (order.payment.status === 'failed') owed.push({ notification: 'payment_failed', key: ORDER_KEY });
  if (order.cancelled) owed.push({ notification: 'cancelled', key: ORDER_KEY });
  else if (order.lines.some((line) => line.backordered > 0)) owed.push({ notification: 'backordered', key: ORDER_KEY });
  const pickup = isPickup(order);
  for (const f of Object.values(order.fulfillments)) {
    if (pickup && hasReached(f.status, 'ready_for_pickup')) owed.push({ notification: 'ready_for_pickup', key: f.fulfillmentId });
    if (!pickup && hasReached(f.status, 'shipped')) owed.push({ notification: 'shipped', key: f.fulfillmentId });
    if (f.status === 'delivered') owed.push({ notification: 'delivered', key: f.fulfillmentId });
    if (f.exception?.stage === 'delivery') owed.push({ notification: 'delivery_exception', key: deliveryExceptionKey(f.fulfillmentId, f.exception.code) });
  }
  return owed;
};

const hasUnallocatedUnits = (order: Order) => order.lines.some((line) => line.allocated < line.quantity);

/**
 * What the workflow should do next for this order, in order. Repeating a step
 * is always safe (commands are idempotent, jobs dedupe by id), so the process
 * manager may ask again after every event. A held order does not advance, but
 * money already taken and the customer are still looked after.
 */
export const nextSteps = (order: Order): NextStep[] => {
  const steps: NextStep[] = notificationsOwed(order)
    .filter(({ notification, key }) => !order.notifications[notificationKey(notification, key)])
    .map(({ notification, key }) => ({ kind: 'notify', notification, key }));

  const { payment } = order;
  const captured = new Set(payment.capturedFulfillments.map((c) => c.fulfillmentId));
  // A pickup fulfilment is captured when it is collected (delivered), not when it is ready: until the
  // customer comes, the order may still be cancelled and the authorization voided with nothing to refund.
  // One capture at a time: the first one captured carries the shipping cost (captureAmountFor), so
  // two running at once would both claim it and the second would exceed what is left authorized.
  const uncaptured = Object.values(order.fulfillments).find((f) => hasReached(f.status, 'shipped') && !captured.has(f.fulfillmentId));
  if (uncaptured && payment.authorizationId !== null) steps.push({ kind: 'capture', fulfillmentId: uncaptured.fulfillmentId });
  if (order.cancelled) {
    if (payment.status === 'authorized') steps.push({ kind: 'void' });
    return steps;
  }
  if (order.validation === 'rejected' || payment.status === 'failed' || order.onHold) return steps;

  if (order.validation === 'pending') return [...steps, { kind: 'validate' }];
  // A storefront took the payment already: there is nothing for our gateway to authorize (nor, later, to capture).
  if (payment.authorizationId === null && payment.status !== 'external') return [...steps, { kind: 'authorize' }];
  if (Object.keys(order.allocationIds).length === 0 && hasUnallocatedUnits(order)) steps.push({ kind: 'allocate' });
  for (const f of Object.values(order.fulfillments)) {
    if (f.status !== 'packed') continue;
    if (isPickup(order)) steps.push({ kind: 'readyForPickup', fulfillmentId: f.fulfillmentId });
    // A label the carrier refused waits for someone to act: buying again would be refused again.
    else if (f.label === null && f.exception?.stage !== 'label') steps.push({ kind: 'label', fulfillmentId: f.fulfillmentId });
  }
  return steps;
};
