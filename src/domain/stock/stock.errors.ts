import { DomainError } from '../kernel/domain-error';

/** Reserving more than is available to promise (on-hand minus reserved minus safety stock). */
export class InsufficientStock extends DomainError {
  readonly code = 'STOCK.INSUFFICIENT';

  constructor(requested: number, atp: number) {
    super(`cannot reserve ${requested}: only ${atp} available to promise`, { requested, atp });
  }
}

/** An adjustment that would leave fewer units on hand than are promised to orders. */
export class StockBelowReserved extends DomainError {
  readonly code = 'STOCK.BELOW_RESERVED';

  constructor(onHand: number, reserved: number, delta: number) {
    super(`adjusting on-hand ${onHand} by ${delta} would leave ${onHand + delta}, below the ${reserved} reserved`, {
      onHand,
      reserved,
      delta,
    });
  }
}

/** Receipts and reservations move a positive whole number of units. */
export class InvalidStockQuantity extends DomainError {
  readonly code = 'STOCK.INVALID_QUANTITY';

  constructor(quantity: number) {
    super(`quantity must be a positive integer, got ${quantity}`, { quantity });
  }
}

export class InvalidStockAdjustment extends DomainError {
  readonly code = 'STOCK.INVALID_DELTA';

  constructor(delta: number) {
    super(`an adjustment must be a non-zero integer, got ${delta}`, { delta });
  }
}

export class InvalidStockPolicy extends DomainError {
  readonly code = 'STOCK.INVALID_POLICY';

  constructor(field: string, value: unknown) {
    super(`${field} must be a non-negative integer, got ${String(value)}`, { field, value });
  }
}
