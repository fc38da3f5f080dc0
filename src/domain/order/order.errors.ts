import { DomainError } from '../kernel/domain-error';
import type { HoldActor } from './order.values';

export class OrderNotFound extends DomainError {
  readonly code = 'ORDER.NOT_FOUND';

  constructor(command: string) {
    super(`${command}: the order has not been placed`, { command });
  }
}

/**
 * Says nothing about the order that has the id (not even the id): the caller
 * may not be allowed to see it, since another channel's order can hold it.
 */
export class OrderAlreadyExists extends DomainError {
  readonly code = 'ORDER.ALREADY_EXISTS';

  constructor() {
    super('an order with this orderId already exists', {});
  }
}

/** The order is cancelled, rejected or its payment failed: it does not advance any more. */
export class OrderClosed extends DomainError {
  readonly code = 'ORDER.CLOSED';

  constructor(command: string, status: string) {
    super(`${command}: the order is ${status}`, { command, status });
  }
}

export class OrderOnHold extends DomainError {
  readonly code = 'ORDER.ON_HOLD';

  constructor(command: string, holdReason: string | null) {
    super(`${command}: the order is on hold${holdReason ? ` (${holdReason})` : ''}`, { command, holdReason });
  }
}

/** The caller may not lift this hold: an admin's or fraud screening's hold, or another channel's. */
export class HoldNotReleasable extends DomainError {
  readonly code = 'ORDER.RELEASE_FORBIDDEN';

  constructor(heldBy: HoldActor['by']) {
    super(
      heldBy === 'client' ? 'the hold was placed by another channel' : `only an admin may release a hold placed by ${heldBy === 'fraud' ? 'fraud screening' : 'an admin'}`,
      { heldBy },
    );
  }
}

export class OrderAlreadyShipped extends DomainError {
  readonly code = 'ORDER.ALREADY_SHIPPED';

  constructor(command: string, shippedFulfillmentIds: readonly string[]) {
    super(`${command}: fulfillment ${shippedFulfillmentIds.join(', ')} already shipped`, {
      command,
      shippedFulfillmentIds: [...shippedFulfillmentIds],
    });
  }
}

export class UnknownFulfillment extends DomainError {
  readonly code = 'ORDER.UNKNOWN_FULFILLMENT';

  constructor(fulfillmentId: string, knownFulfillmentIds: readonly string[]) {
    super(`fulfillment ${fulfillmentId} is not part of this order`, {
      fulfillmentId,
      knownFulfillmentIds: [...knownFulfillmentIds],
    });
  }
}

/** An allocation names a line the order does not have, or a SKU that line does not order. */
export class UnknownLine extends DomainError {
  readonly code = 'ORDER.UNKNOWN_LINE';

  constructor(lineId: string, sku: string, orderedSku: string | null) {
    super(
      orderedSku === null
        ? `line ${lineId} is not part of this order`
        : `line ${lineId} orders ${orderedSku}, not ${sku}`,
      { lineId, sku, orderedSku },
    );
  }
}

export class OverAllocation extends DomainError {
  readonly code = 'ORDER.OVER_ALLOCATION';

  constructor(lineId: string, ordered: number, alreadyAllocated: number, requested: number) {
    super(
      `line ${lineId} orders ${ordered}: ${alreadyAllocated} already allocated, ${requested} more would exceed it`,
      { lineId, ordered, alreadyAllocated, requested },
    );
  }
}

export class LabelRequired extends DomainError {
  readonly code = 'ORDER.LABEL_REQUIRED';

  constructor(command: string, fulfillmentId: string) {
    super(`${command}: fulfillment ${fulfillmentId} has no shipment label`, { command, fulfillmentId });
  }
}

/** A line's price where the catalog is the price authority: one line for each price that is not the catalog's. */
export type PriceMismatchLine = { path: string; sku: string; sentPrice: number; catalogPrice: number | null };

export class PriceMismatch extends DomainError {
  readonly code = 'ORDER.PRICE_MISMATCH';

  constructor(readonly lines: readonly PriceMismatchLine[]) {
    const first = lines[0]!;
    const catalog = first.catalogPrice === null ? 'has no catalog price' : `costs ${first.catalogPrice} in the catalog`;
    super(
      `${first.sku} (${first.path}) ${catalog}, not ${first.sentPrice}: leave unitPrice out or send the catalog price` +
        (lines.length > 1 ? ` (and ${lines.length - 1} more line${lines.length > 2 ? 's' : ''})` : ''),
      { lines: lines.map((line) => ({ ...line })) },
    );
  }
}

/** A quantity, price or total that is not a non-negative safe integer: money must stay exact. */
export class OrderAmountOutOfRange extends DomainError {
  readonly code = 'ORDER.AMOUNT_OUT_OF_RANGE';

  constructor(path: string, value: number | string) {
    super(`${path} is ${value}: amounts and quantities must be non-negative integers up to ${Number.MAX_SAFE_INTEGER}`, {
      path,
      value,
    });
  }
}

export class OrderTotalTooLarge extends DomainError {
  readonly code = 'ORDER.TOTAL_TOO_LARGE';

  constructor(total: bigint, maxOrderTotal: number, currency: string) {
    super(`the order total ${total} ${currency} is above the ${maxOrderTotal} an order may come to`, {
      total: total.toString(),
      maxOrderTotal,
      currency,
    });
  }
}

export class UnsupportedPaymentMethod extends DomainError {
  readonly code = 'ORDER.UNSUPPORTED_PAYMENT_METHOD';

  constructor(method: string, supportedMethods: readonly string[]) {
    super(`payment method "${method}" is not supported; use ${supportedMethods.join(' or ')}`, {
      method,
      supportedMethods: [...supportedMethods],
    });
  }
}

/** Pickup orders are collected at the store: no carrier label, no shipment. */
export class PickupOrderNotShipped extends DomainError {
  readonly code = 'ORDER.PICKUP_NOT_SHIPPED';

  constructor(command: string) {
    super(`${command}: a pickup order is collected at the store, not shipped`, { command });
  }
}

export class NotAPickupOrder extends DomainError {
  readonly code = 'ORDER.NOT_PICKUP';

  constructor(command: string, shippingMethod: string) {
    super(`${command}: the order ships (${shippingMethod}); only pickup orders wait at a store`, { command, shippingMethod });
  }
}

/** The payment step needs a validated order: validation has not decided yet. */
export class OrderNotValidated extends DomainError {
  readonly code = 'ORDER.NOT_VALIDATED';

  constructor(command: string) {
    super(`${command}: the order is not validated yet`, { command });
  }
}

/** The payment was decided already: a second authorization, or a failure after one, is refused. */
export class PaymentAlreadyAuthorized extends DomainError {
  readonly code = 'ORDER.ALREADY_AUTHORIZED';

  constructor(command: string, authorizationId: string, attemptedAuthorizationId: string | null) {
    super(`${command}: the order is already authorized as ${authorizationId}`, {
      command,
      authorizationId,
      ...(attemptedAuthorizationId === null ? {} : { attemptedAuthorizationId }),
    });
  }
}

/** Allocation, capture and void need a live authorization (authorized, not voided). */
export class PaymentNotAuthorized extends DomainError {
  readonly code = 'ORDER.NOT_AUTHORIZED';

  constructor(command: string, paymentStatus: string) {
    super(`${command}: the order has no live payment authorization (payment is ${paymentStatus})`, { command, paymentStatus });
  }
}

export class AuthorizationMismatch extends DomainError {
  readonly code = 'ORDER.AUTHORIZATION_MISMATCH';

  constructor(command: string, authorizationId: string, attemptedAuthorizationId: string) {
    super(`${command}: ${attemptedAuthorizationId} is not this order's authorization`, { command, authorizationId, attemptedAuthorizationId });
  }
}

/** The warehouse step a command needs the fulfilment to stand at, by what it must have reached. */
const NOT_AT_STEP_CODES = {
  picked: 'ORDER.NOT_PICKED',
  packed: 'ORDER.NOT_PACKED',
  ready_for_pickup: 'ORDER.NOT_READY_FOR_PICKUP',
  shipped: 'ORDER.NOT_SHIPPED',
} as const;
export type RequiredStep = keyof typeof NOT_AT_STEP_CODES;

/** The fulfilment has not reached the step the command follows (pack before pick, capture before shipment). */
export class FulfillmentNotAtStep extends DomainError {
  readonly code: (typeof NOT_AT_STEP_CODES)[RequiredStep];

  constructor(command: string, fulfillmentId: string, status: string, required: RequiredStep) {
    super(`${command}: fulfillment ${fulfillmentId} is ${status}, not ${required}`, { command, fulfillmentId, status, required });
    this.code = NOT_AT_STEP_CODES[required];
  }
}

/** The order was cancelled before this fulfilment shipped: no warehouse step applies to it any more. */
export class FulfillmentCancelled extends DomainError {
  readonly code = 'ORDER.FULFILLMENT_CANCELLED';

  constructor(command: string, fulfillmentId: string) {
    super(`${command}: fulfillment ${fulfillmentId} is cancelled`, { command, fulfillmentId });
  }
}

/** A fulfilment worth money is captured, not skipped. */
export class CaptureRequired extends DomainError {
  readonly code = 'ORDER.CAPTURE_REQUIRED';

  constructor(command: string, fulfillmentId: string, amount: number) {
    super(`${command}: fulfillment ${fulfillmentId} is worth ${amount}; capture it`, { command, fulfillmentId, amount });
  }
}
