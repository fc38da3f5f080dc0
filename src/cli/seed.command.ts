import { v5 as uuidv5 } from 'uuid';
import { loadConfig } from '../config';
import { openOms, Oms } from '../composition/oms';
import { productStreamId } from '../domain/catalog';
import { locationStreamId } from '../domain/location';
import { orderStreamId } from '../domain/order';
import { stockStreamId } from '../domain/stock';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { silentLogger } from '../infrastructure/observability/logger';
import { optionsOrExit, UsageError } from './forecast/usage-error';
import { ProgressReporter } from './progress';
import { parseFlags, ReadSideIo } from './read-side-io';
import { SeedStalled, settle, SettleOptions } from './seed-settle';
import { seededRandom } from './seeded-random';

const LOCATIONS = [
  { locationId: 'wh-east', name: 'East warehouse', kind: 'warehouse', priority: 1, address: { country: 'US', postalCode: '07097', region: 'NJ', city: 'Newark' } },
  { locationId: 'wh-west', name: 'West warehouse', kind: 'warehouse', priority: 2, address: { country: 'US', postalCode: '94107', region: 'CA', city: 'San Francisco' } },
  { locationId: 'store-chicago', name: 'Chicago store', kind: 'store', priority: 3, address: { country: 'US', postalCode: '60601', region: 'IL', city: 'Chicago' } },
] as const;

const CITIES = [
  { city: 'Boston', region: 'MA', postalCode: '02108' },
  { city: 'Seattle', region: 'WA', postalCode: '98101' },
  { city: 'Austin', region: 'TX', postalCode: '73301' },
  { city: 'Springfield', region: 'IL', postalCode: '62701' },
  { city: 'Denver', region: 'CO', postalCode: '80202' },
  { city: 'Miami', region: 'FL', postalCode: '33101' },
];

const SEED_NAMESPACE = '8a0f6d1e-3b7c-4e59-a2d4-5f9c1b7e3a60';
const DAY_MS = 86_400_000;

export const SEED_USAGE = `usage: oms seed --orders N [--skus 40] [--days 60] [--seed 1] [--stall-seconds 60]
  Loads a demo data set through the real workflow, with progress on stderr and
  a JSON summary on stdout. Runs alone or beside \`oms serve\` on the same data:
  then the server's process manager and projections do the work and the seed
  waits for them, giving up (exit 1) if they stand still for --stall-seconds.
  --orders         orders to place (required), 1 to 1000000
  --skus           products in the catalog, 1 to 10000 (default 40)
  --days           days back the orders are spread over, 1 to 365 (default 60)
  --seed           the random seed: the same arguments give the same data (default 1)
  --stall-seconds  how long the workflow may stand still before the seed gives up, 1 to 3600 (default 60)
`;

const FLAGS = {
  orders: { type: 'string' },
  skus: { type: 'string' },
  days: { type: 'string' },
  seed: { type: 'string' },
  'stall-seconds': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type SeedOptions = { orders: number; skus: number; days: number; seed: number; stallMs: number };

/**
 * `oms seed --orders N`: a demo data set through the real workflow: three
 * locations, a catalog, stock with policies, and N orders placed over the
 * last days (a trend and a weekly rhythm, so forecasts have something to
 * find), validated, paid, allocated and mostly shipped and delivered by the
 * process manager and a simulated warehouse. Shows progress; idempotent for
 * the same arguments (order ids derive from them).
 */
export async function runSeedCommand(argv: string[], io: ReadSideIo): Promise<number> {
  const parsed = optionsOrExit('seed', SEED_USAGE, io, () => parseSeedArgs(argv));
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  const config = loadConfig({ ...io.env, OMS_LOG_LEVEL: io.env.OMS_LOG_LEVEL ?? 'warn' });
  const oms = await openOms({ config, logger: silentLogger(), keys: new ApiKeyRing([]) });
  try {
    await oms.start();
    await seedCatalog(oms, options);
    await placeOrders(oms, options, io);
    await settle(oms, io, 'workflow', options);
    const shipped = await runWarehouse(oms, io, options);
    await settle(oms, io, 'shipping', options);
    io.stdout(`${JSON.stringify({ seeded: { orders: options.orders, skus: options.skus, locations: LOCATIONS.length, shipped } })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SeedStalled)) throw error;
    io.stderr(`oms seed: ${error.message}\n`);
    return 1;
  } finally {
    await oms.close();
  }
}

function parseSeedArgs(argv: string[]): SeedOptions | 'help' {
  const values = parseFlags(argv, FLAGS);
  if (values.help) return 'help';
  const count = (name: string, text: string | undefined, fallback: number | null, max: number) => {
    if (text === undefined) {
      if (fallback === null) throw new UsageError(`--${name} is required`);
      return fallback;
    }
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
    return Number(text);
  };
  return {
    orders: count('orders', values.orders, null, 1_000_000),
    skus: count('skus', values.skus, 40, 10_000),
    days: count('days', values.days, 60, 365),
    seed: count('seed', values.seed, 1, 1_000_000),
    stallMs: count('stall-seconds', values['stall-seconds'], 60, 3600) * 1000,
  };
}

async function seedCatalog(oms: Oms, options: { skus: number; orders: number; seed: number }) {
  const at = oms.now().toISOString();
  const context = { actor: 'system:seed', correlationId: `seed-${options.seed}` };
  for (const location of LOCATIONS) {
    await oms.handlers.locations.handle(locationStreamId(location.locationId), { type: 'DefineLocation', data: { ...location, active: true, at } }, context);
  }
  const random = seededRandom(options.seed);
  // Enough stock for most of the demand, so a few SKUs run short and show backorders and low stock.
  const unitsPerSku = Math.ceil((options.orders * 4) / options.skus);
  for (let index = 0; index < options.skus; index++) {
    const sku = skuOf(index);
    const unitPrice = 499 + Math.floor(random.next() * 200) * 50;
    await oms.handlers.products.handle(productStreamId(sku), { type: 'DefineProduct', data: { sku, name: `Demo product ${index + 1}`, unitPrice, currency: 'USD', active: true, at } }, context);
    for (const [rank, location] of LOCATIONS.entries()) {
      const share = [0.5, 0.35, 0.15][rank]! * (index % 7 === 6 ? 0.4 : 1);
      const streamId = stockStreamId(location.locationId, sku);
      await oms.handlers.stock.handle(streamId, { type: 'SetStockPolicy', data: { locationId: location.locationId, sku, safetyStock: 2, lowStockThreshold: 5, leadTimeDays: 7 + rank * 3, bin: `${'ABC'[rank]}-${String(index + 1).padStart(3, '0')}`, at } }, context);
      const quantity = Math.max(1, Math.round(unitsPerSku * share));
      await oms.handlers.stock.handle(streamId, { type: 'ReceiveStock', data: { locationId: location.locationId, sku, quantity, reference: `PO-SEED-${options.seed}`, at } }, context);
    }
  }
}

const skuOf = (index: number) => `DEMO-${String(index + 1).padStart(4, '0')}`;

async function placeOrders(oms: Oms, options: { orders: number; skus: number; days: number; seed: number }, io: ReadSideIo) {
  const random = seededRandom(options.seed * 7919);
  const now = oms.now().getTime();
  const progress = new ProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, 'placing orders');
  const started = process.hrtime.bigint();
  let placed = 0;
  const report = (finish = false) => {
    const state = { position: BigInt(placed), head: BigInt(options.orders), events: placed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    if (finish) progress.finish(state);
    else progress.update(state);
  };
  const orderAt = (index: number) => {
    // More orders on later days (a trend) and on weekdays (a weekly rhythm).
    const day = Math.floor(Math.sqrt(random.next()) * options.days);
    const when = new Date(now - (options.days - day) * DAY_MS + Math.floor(random.next() * DAY_MS));
    if ([0, 6].includes(when.getUTCDay()) && random.next() < 0.4) when.setUTCDate(when.getUTCDate() - 1);
    return { index, placedAt: new Date(Math.min(when.getTime(), now)).toISOString() };
  };
  const orders = Array.from({ length: options.orders }, (_, index) => orderAt(index)).sort((a, b) => a.placedAt.localeCompare(b.placedAt));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < orders.length) {
        const { index, placedAt } = orders[next++]!;
        const lines = new Map<string, number>();
        // Never more distinct lines than there are SKUs: drawing a third of two would never end.
        const count = Math.min(options.skus, 1 + Math.floor(random.next() * 3));
        while (lines.size < count) lines.set(skuOf(Math.floor(Math.pow(random.next(), 1.6) * options.skus)), 1 + Math.floor(random.next() * 3));
        const city = CITIES[index % CITIES.length]!;
        const orderId = uuidv5(`seed:${options.seed}:order:${index}`, SEED_NAMESPACE);
        const { state } = await oms.handlers.orders.load(orderStreamId(orderId));
        if (!state.exists) {
          await oms.placeOrder(
            {
              orderId,
              channel: ['web', 'web', 'mobile', 'marketplace'][index % 4]!,
              externalRef: null,
              customer: { id: `cust-${(index * 37) % Math.max(50, Math.floor(options.orders / 3))}`, email: `customer${index % 500}@example.com`, name: `Customer ${index % 500}`, phone: null },
              currency: 'USD',
              lines: [...lines].map(([sku, quantity]) => ({ sku, quantity })),
              shippingAddress: { name: `Customer ${index % 500}`, line1: `${100 + (index % 900)} Main St`, line2: null, city: city.city, region: city.region, postalCode: city.postalCode, country: 'US' },
              shippingMethod: index % 5 === 0 ? 'express' : 'standard',
              payment: { method: 'card', token: index % 97 === 13 ? 'tok_chargeDeclined' : 'tok_visa' },
              notes: null,
              pricing: 'catalog',
            },
            { actor: 'system:seed', correlationId: orderId, at: placedAt },
          );
        }
        placed++;
        report();
      }
    }),
  );
  report(true);
}

/** The warehouse at work: most open fulfilments are picked and packed; those with labels ship, most then arrive. */
async function runWarehouse(oms: Oms, io: ReadSideIo, options: SettleOptions): Promise<number> {
  const context = { actor: 'system:seed-warehouse', correlationId: 'seed-warehouse' };
  const at = () => oms.now().toISOString();
  const progress = new ProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, 'warehouse');
  const started = process.hrtime.bigint();
  const open = [];
  for (const location of LOCATIONS) {
    let cursor: string | null = null;
    do {
      const page = await oms.queries.inventory.pickList(location.locationId, { limit: 500, cursor });
      open.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  let done = 0;
  for (const [index, entry] of open.entries()) {
    if (index % 10 < 8 && !entry.onHold) {
      const streamId = orderStreamId(entry.orderId);
      const { fulfillmentId } = entry;
      await oms.handlers.orders.handle(streamId, { type: 'MarkFulfillmentPicked', data: { fulfillmentId, at: at() } }, context);
      await oms.handlers.orders.handle(streamId, { type: 'MarkFulfillmentPacked', data: { fulfillmentId, at: at() } }, context);
    }
    done++;
    progress.update({ position: BigInt(done), head: BigInt(open.length * 2), events: done, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  await settle(oms, io, 'labels', options);
  let shipped = 0;
  for (const [index, entry] of open.entries()) {
    const { state } = await oms.handlers.orders.load(orderStreamId(entry.orderId));
    const fulfillment = state.exists ? state.fulfillments[entry.fulfillmentId] : undefined;
    if (fulfillment?.status === 'packed' && fulfillment.label && state.exists && !state.onHold) {
      const streamId = orderStreamId(entry.orderId);
      await oms.handlers.orders.handle(streamId, { type: 'MarkFulfillmentShipped', data: { fulfillmentId: entry.fulfillmentId, at: at() } }, context);
      shipped++;
      if (index % 4 !== 0) {
        await oms.handlers.orders.handle(streamId, { type: 'MarkFulfillmentDelivered', data: { fulfillmentId: entry.fulfillmentId, at: at() } }, context);
      }
    }
    done++;
    progress.update({ position: BigInt(done), head: BigInt(open.length * 2), events: done, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  progress.finish({ position: BigInt(done), head: BigInt(done), events: done, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  return shipped;
}
