import type { RecordAllocation } from './order.commands';
import { OverAllocation, PaymentNotAuthorized, UnknownLine } from './order.errors';
import type { FulfillmentRequested, OrderEvent } from './order.events';
import { assertOpen } from './order-guards';
import type { Order, OrderLineState } from './order.state';
import type { FulfillmentLine } from './order.values';
import { hasOwnEntry } from './own-entry';
import { isPaymentSecured } from './payment-status';

type Attempt = RecordAllocation['data'];

/** Units each line gets from this attempt; refuses unknown lines and over-allocation. */
const unitsPerLine = (order: Order, allocations: Attempt['allocations']): Map<string, number> => {
  const lines = new Map<string, OrderLineState>(order.lines.map((line) => [line.lineId, line]));
  const units = new Map<string, number>();
  for (const a of allocations) {
    const line = lines.get(a.lineId);
    if (!line || line.sku !== a.sku) throw new UnknownLine(a.lineId, a.sku, line?.sku ?? null);
    units.set(a.lineId, (units.get(a.lineId) ?? 0) + a.quantity);
  }
  for (const [lineId, requested] of units) {
    const line = lines.get(lineId);
    if (line && line.allocated + requested > line.quantity) {
      throw new OverAllocation(lineId, line.quantity, line.allocated, requested);
    }
  }
  return units;
};

/** One request per location, in the order the locations first appear. */
const fulfillmentRequests = (order: Order, attempt: Attempt): FulfillmentRequested[] => {
  const byLocation = new Map<string, FulfillmentLine[]>();
  for (const { lineId, sku, locationId, quantity, bin } of attempt.allocations) {
    const lines = byLocation.get(locationId) ?? [];
    lines.push({ lineId, sku, quantity, bin });
    byLocation.set(locationId, lines);
  }
  const existing = Object.keys(order.fulfillments).length;
  return [...byLocation].map(([locationId, lines], i) => ({
    type: 'FulfillmentRequested',
    data: {
      fulfillmentId: `F${existing + i + 1}`,
      allocationId: attempt.allocationId,
      locationId,
      lines,
      requestedAt: attempt.at,
    },
  }));
};

/**
 * Records an allocation attempt: what was reserved, what still waits for
 * stock, and the pick requests for the new reservations. Allowed on hold: the
 * reservations exist already, recording them does not advance the order.
 */
export const decideAllocation = (order: Order, attempt: Attempt): OrderEvent[] => {
  const { allocationId, allocations, decision, at } = attempt;
  if (hasOwnEntry(order.allocationIds, allocationId)) return [];
  assertOpen(order, 'RecordAllocation');
  if (!isPaymentSecured(order.payment)) {
    throw new PaymentNotAuthorized('RecordAllocation', order.payment.status);
  }
  const units = unitsPerLine(order, allocations);

  const events: OrderEvent[] = [];
  if (allocations.length > 0) {
    events.push({
      type: 'InventoryAllocated',
      data: {
        allocationId,
        allocations: allocations.map(({ lineId, sku, locationId, quantity }) => ({
          lineId,
          sku,
          locationId,
          quantity,
        })),
        decision,
        allocatedAt: at,
      },
    });
  }
  const waiting = order.lines
    .map(({ lineId, sku, quantity, allocated }) => ({
      lineId,
      sku,
      quantity: quantity - allocated - (units.get(lineId) ?? 0),
    }))
    .filter((line) => line.quantity > 0);
  if (waiting.length > 0) {
    events.push({ type: 'LinesBackordered', data: { allocationId, lines: waiting, backorderedAt: at } });
  }
  events.push(...fulfillmentRequests(order, attempt));
  return events;
};
