import { PortError } from '../port-error';

/**
 * The CRM port: the sales team's record of who bought what. Recording an
 * order finds or creates the customer's contact (by email), brings its name
 * and phone up to date, and records the order on it once, won or lost as it
 * stands: recording the same order again changes nothing and answers the
 * same ids. An order cancelled or rejected later is marked lost.
 */
export type CrmOrder = {
  orderId: string;
  channel: string;
  /** ISO 8601. */
  placedAt: string;
  /** ISO 4217. */
  currency: string;
  /** The grand total, in minor units of `currency`. */
  amount: number;
  customer: { email: string; name: string | null; phone: string | null };
  /** Null while the sale stands; why it fell through once the order is cancelled or rejected. */
  lostReason: string | null;
};

export type RecordedOrder = { contactId: string; dealId: string; created: boolean };

export type LostOrder = { orderId: string; lostReason: string };

export interface Crm {
  recordOrder(order: CrmOrder): Promise<RecordedOrder>;
  /**
   * Marks the order's deal lost: the deal an earlier recordOrder answered,
   * when known, else the one found by the order id. Null when the order was
   * never recorded; nothing is created then.
   */
  markLost(order: LostOrder, dealId: string | null): Promise<{ dealId: string } | null>;
}

/** Every error the CRM adapter throws. */
export abstract class CrmError extends PortError {}

/** The CRM could not answer now (unreachable, rate limited, 5xx): retry the same order. */
export class CrmUnavailable extends CrmError {
  readonly code = 'CRM.UNAVAILABLE';
  readonly transient = true;

  constructor(
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The CRM refused the request (bad token, missing scope, invalid data): a retry gets the same answer. */
export class CrmRejected extends CrmError {
  readonly code = 'CRM.REJECTED';
  readonly transient = false;

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
