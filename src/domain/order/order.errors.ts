import { DomainError } from '../shared/domain-error';
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
