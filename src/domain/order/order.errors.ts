import { DomainError } from '../shared/domain-error';

export class OrderNotFound extends DomainError {
  readonly code = 'ORDER.NOT_FOUND';

  constructor(command: string) {
    super(`${command}: the order has not been placed`, { command });
  }
}

export class OrderAlreadyExists extends DomainError {
  readonly code = 'ORDER.ALREADY_EXISTS';

  constructor(orderId: string) {
    super(`order ${orderId} already exists`, { orderId });
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
