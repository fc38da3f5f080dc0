/**
 * The oversell scenario over HTTP against running `oms serve` processes, for
 * the oversell and multi-process suites and `npm run bench:oversell`: a few SKUs stocked thinly at three
 * locations, many concurrent orders for more than there is, a restock and
 * shrinkage mid-run, some cancellations, and a warehouse that picks, packs
 * and ships while orders keep coming. Then it waits for the workflow to settle
 * and checks the outcome against the event log (oversell-audit.ts).
 */
import { randomUUID } from 'node:crypto';
import { seededRandom } from './bench-support';
import { jobsIdle, OmsProcess, waitUntil } from './oms-process';
import { allocatedUnits, auditLog, heldUnits, LogAudit, readLogOver } from './oversell-audit';
import { locationBody, orderBody } from './request-bodies';

export type ScenarioOptions = {
  skus: string[];
  locations: string[];
  unitsPerLocation: number;
  orders: number;
  concurrency: number;
  /** Fulfilments to pick, pack and ship while orders are placed. */
  shipments: number;
  /** Every how many orders one is cancelled right after it is placed (0: none). */
  cancelEvery: number;
  /** Allocated orders the warehouse cancels off its pick lists, freeing their reservations for waiting orders. */
  cancelAllocated: number;
  /** Units received per SKU and location once a third and again once two thirds of the orders are in (0: none). */
  restock: number;
};

export type OrderView = {
  orderId: string;
  status: string;
  onHold: boolean;
  lines: { lineId: string; sku: string; quantity: number; allocated: { locationId: string; quantity: number }[]; backordered: number }[];
  fulfillments: { fulfillmentId: string; locationId: string; status: string; lines: { sku: string; quantity: number }[]; shipment: unknown }[];
  payment: { status: string };
};

export type RunOutcome = {
  orderIds: string[];
  cancelled: Set<string>;
  /** `orderId|fulfillmentId` shipped by the warehouse loop. */
  shipped: Set<string>;
  shippedUnits: number;
  adjustmentsRefused: number;
  seconds: number;
};

/** Products, locations (priority in the order given) and the same stock of every SKU at every location. */
export async function stockUp(api: OmsProcess, options: Pick<ScenarioOptions, 'skus' | 'locations' | 'unitsPerLocation'>): Promise<void> {
  for (const [index, locationId] of options.locations.entries()) {
    await api.expect(201, 'PUT', `/locations/${locationId}`, { body: locationBody(index + 1, `Location ${locationId}`) });
  }
  for (const sku of options.skus) {
    await api.expect(201, 'PUT', `/products/${sku}`, { body: { name: `Product ${sku}`, unitPrice: 1000, currency: 'USD' } });
    for (const locationId of options.locations) {
      await api.expect(201, 'POST', '/inventory/receipts', { key: 'warehouse', body: { locationId, sku, quantity: options.unitsPerLocation } });
    }
  }
}

/**
 * Places the orders over `apis` in turn (round robin), `concurrency` at a
 * time, while a warehouse loop ships `shipments` fulfilments; cancels some,
 * restocks and adjusts stock down halfway through.
 */
export async function placeOrdersUnderLoad(apis: OmsProcess[], options: ScenarioOptions, seed = 7): Promise<RunOutcome> {
  // Seeded, so a failing run can be read again.
  const random = seededRandom(seed).int;
  const bodies = Array.from({ length: options.orders }, () => {
    const skus = [...options.skus].sort(() => random(0, 1) - 0.5).slice(0, random(1, 2));
    return orderBody({ orderId: randomUUID(), customerId: `c-${random(1, 50)}`, lines: skus.map((sku) => ({ sku, quantity: random(1, 3) })) });
  });
  const outcome: RunOutcome = { orderIds: [], cancelled: new Set(), shipped: new Set(), shippedUnits: 0, adjustmentsRefused: 0, seconds: 0 };
  const started = Date.now();
  let next = 0;
  let intakeDone = false;
  const waves = new Set([Math.floor(options.orders / 3), Math.floor((2 * options.orders) / 3)]);
  const midRun: Promise<void>[] = [];

  const intake = Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < bodies.length) {
        const index = next++;
        const api = apis[index % apis.length]!;
        const body = bodies[index]!;
        const cancelHere = options.cancelEvery > 0 && index % options.cancelEvery === options.cancelEvery - 1;
        // Marked before it is placed: the order reaches a pick list before its cancellation answers, and the
        // warehouse must not take it (to ship or to cancel it a second time) in between.
        if (cancelHere) outcome.cancelled.add(body.orderId!);
        await api.expect(201, 'POST', '/orders', { key: 'client', body });
        outcome.orderIds.push(body.orderId!);
        if (cancelHere) {
          const res = await apis[(index + 1) % apis.length]!.post(`/orders/${body.orderId}/cancel`, { reason: 'changed my mind' }, 'client');
          if (res.status !== 200) throw new Error(`cancel ${body.orderId}: ${res.status} ${res.text}`);
        }
        if (waves.has(index)) midRun.push(restockAndShrink(apis, options, outcome));
      }
    }),
  ).finally(() => {
    intakeDone = true;
  });
  const warehouse = shipWhileOrdering(apis, options, outcome, () => intakeDone);
  const results = await Promise.allSettled([intake, warehouse]);
  results.push(...(await Promise.allSettled(midRun)));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  outcome.seconds = (Date.now() - started) / 1000;
  return outcome;
}

/** Receipts at every location, and a unit of shrinkage per SKU that may be refused (409) when all of it is promised. */
async function restockAndShrink(apis: OmsProcess[], options: ScenarioOptions, outcome: RunOutcome): Promise<void> {
  let turn = 0;
  const api = () => apis[turn++ % apis.length]!;
  await Promise.all(
    options.skus.flatMap((sku) => [
      ...(options.restock > 0
        ? options.locations.map((locationId) =>
            api().expect(201, 'POST', '/inventory/receipts', { key: 'warehouse', body: { locationId, sku, quantity: options.restock, reference: 'PO-mid-run' } }),
          )
        : []),
      ...options.locations.map(async (locationId) => {
        const res = await api().post('/inventory/adjustments', { locationId, sku, delta: -1, reason: 'shrinkage' }, 'warehouse');
        if (res.status === 409) outcome.adjustmentsRefused++;
        else if (res.status !== 201) throw new Error(`adjustment ${locationId}/${sku}: ${res.status} ${res.text}`);
      }),
    ]),
  );
}

/**
 * The warehouse: takes fulfilments off the pick lists, marks them picked and
 * packed, waits for the carrier job's label and ships them; stops after
 * `shipments`, or when intake is over and nothing more can be had.
 */
async function shipWhileOrdering(apis: OmsProcess[], options: ScenarioOptions, outcome: RunOutcome, intakeDone: () => boolean): Promise<void> {
  const claimed = new Set<string>();
  /** Orders with a fulfilment on its way: never cancelled, or its label would never come. */
  const shippingOrders = new Set<string>();
  let turn = 0;
  const api = () => apis[turn++ % apis.length]!;
  const inFlight: Promise<void>[] = [];
  let idleRounds = 0;
  let shipping = 0;
  let cancelling = 0;
  const wanted = options.shipments + options.cancelAllocated;
  while (claimed.size < wanted) {
    let found = 0;
    for (const locationId of options.locations) {
      const list = await api().get(`/locations/${locationId}/pick-list?limit=20`, 'warehouse');
      if (list.status !== 200) throw new Error(`pick list ${locationId}: ${list.status} ${list.text}`);
      for (const entry of list.body.items as { orderId: string; fulfillmentId: string; status: string }[]) {
        const key = `${entry.orderId}|${entry.fulfillmentId}`;
        if (claimed.has(key) || entry.status !== 'requested' || outcome.cancelled.has(entry.orderId) || claimed.size >= wanted) continue;
        claimed.add(key);
        found++;
        // Alternate: ship one, cancel one (its units go back to the orders waiting for them).
        if (!shippingOrders.has(entry.orderId) && cancelling < options.cancelAllocated && (cancelling < shipping || shipping >= options.shipments)) {
          cancelling++;
          inFlight.push(cancelAllocated(api(), entry.orderId, outcome));
        } else {
          shipping++;
          shippingOrders.add(entry.orderId);
          inFlight.push(shipOne(api, entry.orderId, entry.fulfillmentId, outcome));
        }
      }
    }
    if (found === 0) {
      if (intakeDone() && ++idleRounds > 20) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await Promise.all(inFlight);
}

async function cancelAllocated(api: OmsProcess, orderId: string, outcome: RunOutcome): Promise<void> {
  // Mark it first: the shipping loop must not try to ship it meanwhile.
  outcome.cancelled.add(orderId);
  const res = await api.post(`/orders/${orderId}/cancel`, { reason: 'out of patience' }, 'client');
  if (res.status !== 200) throw new Error(`cancel ${orderId}: ${res.status} ${res.text}`);
}

async function shipOne(api: () => OmsProcess, orderId: string, fulfillmentId: string, outcome: RunOutcome): Promise<void> {
  const base = `/orders/${orderId}/fulfillments/${fulfillmentId}`;
  // A cancellation may overtake the warehouse: then the order refuses (409) and nothing ships.
  const step = async (name: 'picked' | 'packed' | 'shipped') => {
    const res = await api().post(`${base}/${name}`, undefined, 'warehouse');
    if (res.status === 200) return res;
    if (res.status === 409 && outcome.cancelled.has(orderId)) return null;
    throw new Error(`POST ${base}/${name}: ${res.status} ${res.text}`);
  };
  if (!(await step('picked'))) return;
  const packed = await step('packed');
  if (!packed) return;
  // The carrier job labels a packed fulfilment; only then may it ship.
  const labelled = await waitUntil(
    async () => {
      const res = await api().get<OrderView>(`/orders/${orderId}`, 'admin', { 'OMS-Min-Position': packed.body.position });
      const f = res.status === 200 ? res.body.fulfillments.find((x) => x.fulfillmentId === fulfillmentId) : undefined;
      return f?.shipment ? f : undefined;
    },
    {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `a label for ${base}`,
      describe: async () => {
        const history = (await api().get(`/orders/${orderId}/history`, 'auditor')).body as { events: { position: string; type: string; data: unknown }[] };
        const events = history.events.map((e) => `${e.position} ${e.type} ${e.type.startsWith('Fulfillment') || e.type === 'ShipmentLabelCreated' ? JSON.stringify(e.data) : ''}`);
        return `order history:\n  ${events.join('\n  ')}\nhealth: ${JSON.stringify(await api().health())}`;
      },
    },
  );
  if (!(await step('shipped'))) return;
  outcome.shipped.add(`${orderId}|${fulfillmentId}`);
  outcome.shippedUnits += labelled.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Statuses an order may rest in once the workflow is done with it. */
const SETTLED_STATUSES = new Set(['allocated', 'partially_allocated', 'backordered', 'picking', 'packed', 'partially_shipped', 'shipped', 'cancelled']);

/**
 * Waits until the workflow is quiet: the head of the log has not moved for a
 * while, the process manager and every projection have reached it, no job
 * is pending and no order rests in placed or payment_authorized. Answers the
 * head.
 */
export async function waitForQuiet(apis: OmsProcess[], timeoutMs = 45_000): Promise<bigint> {
  let lastHead = -1n;
  let stableSince = 0;
  return waitUntil(
    async () => {
      const [health, ...others] = await Promise.all(apis.map((api) => api.health()));
      if (!health) return undefined;
      const head = BigInt(health.eventStore.head);
      if (head !== lastHead) {
        lastHead = head;
        stableSince = Date.now();
        return undefined;
      }
      const behind =
        BigInt(health.processManager.position) < head || Object.values(health.projections).some((p) => BigInt(p.position) < head);
      // Jobs run where the process manager's lease is: every process must be idle.
      if (behind || ![health, ...others].every(jobsIdle)) return undefined;
      for (const status of ['placed', 'payment_authorized']) {
        const res = await apis[0]!.get(`/orders?status=${status}&limit=1`, 'admin', { 'OMS-Min-Position': String(head) });
        if (res.status !== 200 || res.body.items.length > 0) return undefined;
      }
      // Jobs (labels, notifications) append as they finish: quiet means nothing new for a moment.
      return Date.now() - stableSince >= 750 ? head : undefined;
    },
    {
      timeoutMs,
      intervalMs: 150,
      what: 'the workflow to settle',
      describe: async () => JSON.stringify(await apis[0]!.health()),
    },
  );
}

/** Every order as GET /orders/{id} answers it once the read models have reached `head`. */
export async function readOrders(api: OmsProcess, orderIds: readonly string[], head: bigint): Promise<OrderView[]> {
  const orders: OrderView[] = [];
  for (let i = 0; i < orderIds.length; i += 25) {
    const chunk = orderIds.slice(i, i + 25);
    orders.push(
      ...(await Promise.all(
        chunk.map(async (orderId) => (await api.expect<OrderView>(200, 'GET', `/orders/${orderId}`, { headers: { 'OMS-Min-Position': String(head) } })).body),
      )),
    );
  }
  return orders;
}

export const readLog = (api: OmsProcess) => readLogOver((path) => api.get(path, 'auditor'));

export type Verdict = {
  audit: LogAudit;
  orders: OrderView[];
  /** Orders resting in a status the workflow should have moved them out of. */
  stuck: string[];
  /** `orderId|location|sku`: units the order says are allocated vs units held for it on the stock stream, where they differ. */
  allocationMismatches: string[];
  /** Cancelled orders still holding stock. */
  cancelledHolding: string[];
  /** Read model rows that differ from the folded stock streams. */
  inventoryMismatches: string[];
  /** SKUs with units available to promise while a live order waits for them. */
  idleWhileWaiting: string[];
  unitsAllocated: number;
  unitsHeld: number;
  statusCounts: Record<string, number>;
};

/** Reads the log and every order and compares them (see Verdict). */
export async function judge(api: OmsProcess, run: RunOutcome, head: bigint, options: Pick<ScenarioOptions, 'skus'>): Promise<Verdict> {
  const audit = auditLog(await readLog(api));
  const orders = await readOrders(api, run.orderIds, head);
  const cancelled = new Set(orders.filter((o) => o.status === 'cancelled').map((o) => o.orderId));
  const stuck = orders.filter((o) => !SETTLED_STATUSES.has(o.status) || o.onHold).map((o) => `${o.orderId}: ${o.status}`);

  const allocated = allocatedUnits(orders.filter((o) => !cancelled.has(o.orderId)));
  const held = heldUnits(audit, cancelled);
  const allocationMismatches = [...new Set([...allocated.keys(), ...held.keys()])]
    .filter((key) => (allocated.get(key) ?? 0) !== (held.get(key) ?? 0))
    .map((key) => `${key}: order says ${allocated.get(key) ?? 0}, stock streams hold ${held.get(key) ?? 0}`);
  const cancelledHolding = [...audit.stock.values()].flatMap((stream) =>
    [...stream.heldByOrder]
      .filter(([orderId, h]) => cancelled.has(orderId) && (h.open !== 0 || h.committed !== 0))
      .map(([orderId, h]) => `${orderId} at ${stream.streamId}: ${h.open} open, ${h.committed} committed`),
  );

  const inventoryMismatches: string[] = [];
  for (const sku of options.skus) {
    const res = await api.expect(200, 'GET', `/inventory/${sku}`, { key: 'analyst', headers: { 'OMS-Min-Position': String(head) } });
    const rows = new Map((res.body.locations as { locationId: string }[]).map((row) => [row.locationId, row]));
    for (const stream of [...audit.stock.values()].filter((s) => s.sku === sku)) {
      const { onHand, reserved, safetyStock } = stream.state;
      const expected = { onHand, reserved, available: onHand - reserved, atp: Math.max(0, onHand - reserved - safetyStock) };
      const row = rows.get(stream.locationId) as Record<string, number> | undefined;
      const actual = row && { onHand: row.onHand, reserved: row.reserved, available: row.available, atp: row.atp };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        inventoryMismatches.push(`${stream.streamId}: read model ${JSON.stringify(actual)}, log ${JSON.stringify(expected)}`);
      }
    }
  }

  const idleWhileWaiting = options.skus.flatMap((sku) => {
    const waiting = orders.filter((o) => !cancelled.has(o.orderId) && o.lines.some((l) => l.sku === sku && l.backordered > 0));
    const idle = [...audit.stock.values()]
      .filter((s) => s.sku === sku)
      .reduce((sum, s) => sum + Math.max(0, s.state.onHand - s.state.reserved - s.state.safetyStock), 0);
    return waiting.length > 0 && idle > 0 ? [`${sku}: ${idle} units available to promise while ${waiting.length} orders wait`] : [];
  });

  const statusCounts: Record<string, number> = {};
  for (const o of orders) statusCounts[o.status] = (statusCounts[o.status] ?? 0) + 1;
  return {
    audit,
    orders,
    stuck,
    allocationMismatches,
    cancelledHolding,
    inventoryMismatches,
    idleWhileWaiting,
    unitsAllocated: [...allocated.values()].reduce((a, b) => a + b, 0),
    unitsHeld: [...held.values()].reduce((a, b) => a + b, 0),
    statusCounts,
  };
}

export type ScenarioOutcome = { run: RunOutcome; head: bigint; verdict: Verdict; settledSeconds: number };

/**
 * The whole scenario: stock up through the first process, place the orders
 * through all of them, wait for the workflow to settle, judge. `settledSeconds`
 * runs from the first order to a quiet workflow.
 */
export async function runScenario(
  apis: OmsProcess[],
  options: ScenarioOptions,
  settings: { seed?: number; quietTimeoutMs?: number; log?: (message: string) => void } = {},
): Promise<ScenarioOutcome> {
  const log = settings.log ?? (() => undefined);
  await stockUp(apis[0]!, options);
  const run = await placeOrdersUnderLoad(apis, options, settings.seed);
  const intakeEnded = Date.now();
  log(`intake done in ${run.seconds.toFixed(1)} s; waiting for the workflow to settle`);
  const head = await waitForQuiet(apis, settings.quietTimeoutMs);
  const settledSeconds = run.seconds + (Date.now() - intakeEnded) / 1000;
  log('judging the outcome against the event log');
  return { run, head, verdict: await judge(apis[0]!, run, head, options), settledSeconds };
}

