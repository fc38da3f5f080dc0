import type { OrderCommandType } from './order.commands';
import { FulfillmentCancelled, FulfillmentNotAtStep, OrderClosed, OrderOnHold, UnknownFulfillment, type RequiredStep } from './order.errors';
import type { FulfillmentState, Order } from './order.state';
import { ownEntry } from './own-entry';

/** Why the order no longer advances, or null while it is open. */
export const closedAs = (order: Order): 'cancelled' | 'rejected' | 'payment_failed' | null => {
  if (order.cancelled) return 'cancelled';
  if (order.validation === 'rejected') return 'rejected';
  if (order.payment.status === 'failed') return 'payment_failed';
  return null;
};

export const assertOpen = (order: Order, command: OrderCommandType): void => {
  const closed = closedAs(order);
  if (closed) throw new OrderClosed(command, closed);
};

/** Warehouse work (pick, pack, ship) needs an open order that is not on hold. */
export const assertWorkable = (order: Order, command: OrderCommandType): void => {
  assertOpen(order, command);
  if (order.onHold) throw new OrderOnHold(command, order.holdReason);
};

export const requireFulfillment = (order: Order, fulfillmentId: string): FulfillmentState => {
  const fulfillment = ownEntry(order.fulfillments, fulfillmentId);
  if (!fulfillment) throw new UnknownFulfillment(fulfillmentId, Object.keys(order.fulfillments));
  return fulfillment;
};

/** A fulfilment the order's cancellation stopped takes no warehouse step. */
export const requireLive = (f: FulfillmentState, command: OrderCommandType): void => {
  if (f.status === 'cancelled') throw new FulfillmentCancelled(command, f.fulfillmentId);
};

export const requireStep = (f: FulfillmentState, step: RequiredStep, command: OrderCommandType): void => {
  requireLive(f, command);
  if (f.status !== step) throw new FulfillmentNotAtStep(command, f.fulfillmentId, f.status, step);
};
