/**
 * The oversell audit, from the event log alone: every stock stream folded
 * with the stock decider's own evolve and walked event by event, and every
 * order stream counted. Shared by bench/oversell.bench.ts and the reliability
 * suites (test/reliability/oversell*, multi-process*), so the figure the
 * benchmark prints is the one the tests assert on.
 */
import { evolveStock, initialStockState, openReservation, openReservations, StockEvent, StockState } from '../src/domain/stock';

/** One event as GET /audit/events answers it (position as a decimal string). */
export type LogEvent = {
  position: string;
  streamId: string;
  revision: number;
  type: string;
  data: any;
  metadata: { eventId: string; correlationId: string; causationId: string | null; actor: string; occurredAt: string };
};

export type StockStreamAudit = {
  streamId: string;
  locationId: string;
  sku: string;
  /** Cumulative figures over the whole stream. */
  received: number;
  adjusted: number;
  committed: number;
  /** The state folded with the stock decider's evolve, at the end of the stream. */
  state: StockState;
  /** Units promised beyond what was there, at the worst point of the stream (0 when sound). */
  oversoldUnits: number;
  /** Every point where an invariant broke, readable. */
  breaches: string[];
  /** Units per order: still reserved (open) and shipped (committed). */
  heldByOrder: Map<string, { open: number; committed: number }>;
};

export type OrderAudit = {
  orderId: string;
  counts: Map<string, number>;
  /** `notification:key` of each CustomerNotified, in order. */
  notifications: string[];
};

export type LogAudit = {
  events: number;
  stock: Map<string, StockStreamAudit>;
  orders: Map<string, OrderAudit>;
  /** Places where positions do not strictly increase (a repeat or a step back): none in a sound log. */
  positionProblems: string[];
  oversoldUnits: number;
  breaches: string[];
};

const STOCK_PREFIX = 'stock-';
const ORDER_PREFIX = 'order-';

/** Walks one stock stream: after every event, reserved + committed <= received + adjusted, and evolve agrees with the sums. */
export function auditStockStream(streamId: string, events: readonly LogEvent[]): StockStreamAudit {
  const key = streamId.slice(STOCK_PREFIX.length);
  const dot = key.indexOf('.');
  const audit: StockStreamAudit = {
    streamId,
    locationId: key.slice(0, dot),
    sku: key.slice(dot + 1),
    received: 0,
    adjusted: 0,
    committed: 0,
    state: initialStockState(),
    oversoldUnits: 0,
    breaches: [],
    heldByOrder: new Map(),
  };
  const held = (orderId: string) => {
    let entry = audit.heldByOrder.get(orderId);
    if (!entry) audit.heldByOrder.set(orderId, (entry = { open: 0, committed: 0 }));
    return entry;
  };
  const breach = (event: LogEvent, what: string) => audit.breaches.push(`${streamId}@${event.revision} (${event.type}): ${what}`);
  events.forEach((event, index) => {
    if (event.revision !== index) breach(event, `revision ${event.revision} where ${index} was due`);
    const stock = event as unknown as StockEvent;
    const before = audit.state;
    switch (stock.type) {
      case 'StockReceived':
        audit.received += stock.data.quantity;
        break;
      case 'StockAdjusted':
        audit.adjusted += stock.data.delta;
        break;
      case 'StockReserved':
        if (openReservation(before, stock.data.reservationId)) breach(event, `${stock.data.reservationId} reserved again while open`);
        else held(stock.data.orderId).open += stock.data.quantity;
        break;
      case 'ReservationReleased': {
        const open = openReservation(before, stock.data.reservationId);
        if (!open) breach(event, `${stock.data.reservationId} released but not open`);
        else held(open.orderId).open -= open.quantity;
        break;
      }
      case 'ReservationCommitted': {
        const open = openReservation(before, stock.data.reservationId);
        if (!open) breach(event, `${stock.data.reservationId} committed but not open`);
        else {
          audit.committed += open.quantity;
          held(open.orderId).open -= open.quantity;
          held(open.orderId).committed += open.quantity;
        }
        break;
      }
      default:
        break;
    }
    audit.state = evolveStock(before, stock);
    const { onHand, reserved } = audit.state;
    const supplied = audit.received + audit.adjusted;
    const promised = reserved + audit.committed;
    if (onHand !== supplied - audit.committed) breach(event, `evolve says on hand ${onHand}, the sums say ${supplied - audit.committed}`);
    if (promised > supplied) {
      breach(event, `reserved ${reserved} + committed ${audit.committed} > received ${audit.received} + adjusted ${audit.adjusted}`);
      audit.oversoldUnits = Math.max(audit.oversoldUnits, promised - supplied);
    }
    if (reserved < 0) breach(event, `reserved ${reserved} < 0`);
    const openSum = openReservations(audit.state).reduce((sum, [, r]) => sum + r.quantity, 0);
    if (openSum !== reserved) breach(event, `open reservations hold ${openSum} but reserved is ${reserved}`);
  });
  return audit;
}

/** Audits a whole log, oldest first. */
export function auditLog(events: readonly LogEvent[]): LogAudit {
  const byStream = new Map<string, LogEvent[]>();
  const positionProblems: string[] = [];
  events.forEach((event, index) => {
    const previous = events[index - 1];
    if (previous && BigInt(event.position) <= BigInt(previous.position)) {
      positionProblems.push(`event ${index} has position ${event.position}, after ${previous.position}`);
    }
    let list = byStream.get(event.streamId);
    if (!list) byStream.set(event.streamId, (list = []));
    list.push(event);
  });
  const stock = new Map<string, StockStreamAudit>();
  const orders = new Map<string, OrderAudit>();
  for (const [streamId, list] of byStream) {
    if (streamId.startsWith(STOCK_PREFIX)) stock.set(streamId, auditStockStream(streamId, list));
    else if (streamId.startsWith(ORDER_PREFIX)) {
      const counts = new Map<string, number>();
      for (const event of list) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
      orders.set(streamId.slice(ORDER_PREFIX.length), {
        orderId: streamId.slice(ORDER_PREFIX.length),
        counts,
        notifications: list.filter((e) => e.type === 'CustomerNotified').map((e) => `${e.data.notification}:${e.data.key}`),
      });
    }
  }
  const audits = [...stock.values()];
  return {
    events: events.length,
    stock,
    orders,
    positionProblems,
    oversoldUnits: audits.reduce((sum, a) => sum + a.oversoldUnits, 0),
    breaches: audits.flatMap((a) => a.breaches),
  };
}

/** Orders that went through a step more than once, or told the customer the same thing twice. */
export function duplicatedSteps(audit: LogAudit): string[] {
  const once = ['OrderPlaced', 'OrderValidated', 'PaymentAuthorized', 'InventoryAllocated'];
  const problems: string[] = [];
  for (const order of audit.orders.values()) {
    for (const type of once) {
      const count = order.counts.get(type) ?? 0;
      // InventoryAllocated may legitimately repeat (a restock retry adds one); the first attempt may not.
      if (type !== 'InventoryAllocated' && count > 1) problems.push(`${order.orderId}: ${count} x ${type}`);
    }
    const seen = new Set<string>();
    for (const n of order.notifications) {
      if (seen.has(n)) problems.push(`${order.orderId}: customer notified twice (${n})`);
      seen.add(n);
    }
  }
  return problems;
}

/** Reads the whole log through GET /audit/events, page by page. */
export async function readLogOver(
  get: (path: string) => Promise<{ status: number; body: any }>,
  pageSize = 500,
): Promise<LogEvent[]> {
  const events: LogEvent[] = [];
  let cursor = '0';
  for (;;) {
    const answer = await get(`/audit/events?after=${cursor}&limit=${pageSize}`);
    if (answer.status !== 200) throw new Error(`GET /audit/events answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    const page = answer.body as { items: LogEvent[]; nextCursor: string | null };
    events.push(...page.items);
    if (page.items.length === 0 || page.nextCursor === null) return events;
    cursor = page.nextCursor;
  }
}

/** Units allocated per `orderId|locationId|sku`, as the orders themselves say (GET /orders/{id} lines). */
export function allocatedUnits(orders: readonly { orderId: string; lines: { sku: string; allocated: { locationId: string; quantity: number }[] }[] }[]) {
  const units = new Map<string, number>();
  for (const order of orders) {
    for (const line of order.lines) {
      for (const a of line.allocated) {
        const key = `${order.orderId}|${a.locationId}|${line.sku}`;
        units.set(key, (units.get(key) ?? 0) + a.quantity);
      }
    }
  }
  return units;
}

/** Units held per `orderId|locationId|sku` on the stock streams: still reserved, or reserved then shipped. */
export function heldUnits(audit: LogAudit, exceptOrders: ReadonlySet<string> = new Set()) {
  const units = new Map<string, number>();
  for (const stream of audit.stock.values()) {
    for (const [orderId, held] of stream.heldByOrder) {
      if (exceptOrders.has(orderId)) continue;
      const total = held.open + held.committed;
      if (total !== 0) units.set(`${orderId}|${stream.locationId}|${stream.sku}`, total);
    }
  }
  return units;
}
