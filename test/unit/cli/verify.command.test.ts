import { runVerifyCommand } from '../../../src/cli/verify.command';
import { DEMAND_COLLECTION, dailyDemandId } from '../../../src/projections/read-models/demand.projection';
import { INVENTORY_COLLECTION, InventoryLevel, inventoryLevelId } from '../../../src/projections/read-models/inventory.projection';
import { ORDERS_COLLECTION, OrderDocument } from '../../../src/projections/read-models/orders.projection';
import { REPLENISHMENT_COLLECTION, ReplenishmentLine } from '../../../src/projections/read-models/replenishment.projection';
import { at, snapshotOf } from '../projections/support/order-story';
import { ORDERS } from '../projections/support/scenario';
import { dataFolderWithBusyWeek, runIn } from './replay-verify.support';

describe('oms verify', () => {
  let folder: Awaited<ReturnType<typeof dataFolderWithBusyWeek>>;
  let verify: ReturnType<typeof runIn>;
  beforeEach(async () => {
    folder = await dataFolderWithBusyWeek();
    verify = runIn(folder.dir, runVerifyCommand);
  });
  afterEach(() => folder.remove());

  const eastA = inventoryLevelId('east', 'SKU-A');

  it('exits 0 when the live read models equal a rebuild from the log', async () => {
    const result = await verify();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^verified: \d+ documents identical to a rebuild from the log \(up to position \d+\)\n$/);
    expect(result.stderr).toMatch(/verify: rebuilding: 100\.0%/);
  });

  it('exits 0 with products with variants: families, variant products and storefront ids rebuild the same', async () => {
    await folder.withStory(async (story) => {
      await story.productFamily('TEE', [{ name: 'Size', values: ['S', 'M'] }], { at: at(1) });
      await story.variant('TEE', 'TEE-S', 1500, { Size: 'S' }, { at: at(1), externalSkus: { shopify: '4401' } });
      await story.variant('TEE', 'TEE-M', 1500, { Size: 'M' }, { at: at(2) });
      await story.variant('TEE', 'TEE-S', 1500, { Size: 'S' }, { at: at(3), externalSkus: { shopify: '4402', magento: 'tee-s' } });
      await story.project();
    });
    const result = await verify();
    expect(result.stdout).toMatch(/^verified: /);
    expect(result.code).toBe(0);
  });

  it('exits 1 with the collection, id and differing fields of a corrupted document', async () => {
    await folder.withStory(async (story) => {
      const level = (await story.documents.get<InventoryLevel>(INVENTORY_COLLECTION, eastA))!;
      await story.documents.upsert(INVENTORY_COLLECTION, eastA, { ...level, onHand: 999, available: 999 });
    });

    const result = await verify();

    const { head, documents } = await folder.withStory(async (story) => ({
      head: await story.events.headPosition(),
      documents: Object.values(await snapshotOf(story.documents)).reduce((sum, docs) => sum + Object.keys(docs).length, 0),
    }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `oms verify: the live read models differ from a rebuild from the log (up to position ${head}): 1 of ${documents} documents differ\n` +
        '  inventory_levels east.SKU-A: available: live 999, rebuilt 5\n' +
        '  inventory_levels east.SKU-A: onHand: live 999, rebuilt 5\n',
    );
  });

  it('covers the replenishment read model: a row whose figures were changed is reported', async () => {
    await folder.withStory(async (story) => {
      const line = (await story.documents.get<ReplenishmentLine>(REPLENISHMENT_COLLECTION, eastA))!;
      await story.documents.upsert(REPLENISHMENT_COLLECTION, eastA, { ...line, reorderPoint: line.reorderPoint + 1000 });
    });

    const result = await verify();

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`  replenishment east.SKU-A: reorderPoint: live `);
  });

  it('names nested fields, documents only the live store has and documents it lacks', async () => {
    await folder.withStory(async (story) => {
      const order = (await story.documents.get<OrderDocument>(ORDERS_COLLECTION, ORDERS.delivered))!;
      const lines = order.state.lines.map((line, i) => (i === 1 ? { ...line, quantity: 7 } : line));
      await story.documents.upsert(ORDERS_COLLECTION, ORDERS.delivered, { ...order, state: { ...order.state, lines } });
      await story.documents.delete(DEMAND_COLLECTION, dailyDemandId('SKU-C', '*', '2025-03-04'));
      await story.documents.upsert(DEMAND_COLLECTION, dailyDemandId('SKU-Q', '*', '2025-01-01'), { sku: 'SKU-Q', locationId: '*', date: '2025-01-01', units: 1, orders: 1 });
    });

    const result = await verify();

    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').slice(1)).toEqual([
      `  orders ${ORDERS.delivered}: state.lines[1].quantity: live 7, rebuilt 1`,
      '  daily_demand SKU-Q|*|2025-01-01: only in the live store',
      '  daily_demand SKU-C|*|2025-03-04: missing from the live store',
      '',
    ]);
    expect(result.stdout).toMatch(/^oms verify: the live read models differ from a rebuild from the log \(up to position \d+\): 3 of \d+ documents differ\n/);
  });

  it('shows at most --max-lines lines of differences', async () => {
    await folder.withStory((story) => story.documents.reset([INVENTORY_COLLECTION], []));
    const result = await verify('--max-lines', '2');
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^ {2}inventory_levels \S+: missing from the live store$/);
    expect(lines[3]).toBe('  ... and 2 more lines (--max-lines to see more)');
  });

  it('compares up to where the live read models are, however far the log has gone since', async () => {
    await folder.withStory(async (story) => {
      await story.receive('east', 'SKU-A', 100, at(9));
      await story.cancel(ORDERS.held, 'too late', at(9));
    });
    expect((await verify()).code).toBe(0);
  });

  it('reports a live checkpoint beyond the end of the log', async () => {
    await folder.withStory((story) => story.documents.commit({ writes: [], checkpoint: { name: 'catalog', position: 5_000n } }));
    const result = await verify();
    const head = await folder.withStory((story) => story.events.headPosition());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `oms verify: the live read models differ from a rebuild from the log (up to orders, inventory, demand, replenishment, tracking at ${head}; catalog at 5000)\n` +
        `  checkpoint catalog: live at position 5000, but the log ends at ${head}\n`,
    );
  });

  describe('refuses bad arguments with one line on stderr and exit code 2', () => {
    it.each<[string, string[], RegExp]>([
      ['an unknown flag', ['--projection', 'orders'], /^oms verify: Unknown option '--projection'/],
      ['a positional argument', ['now'], /^oms verify: Unexpected argument 'now'/],
      ['a bad --max-lines', ['--max-lines', 'all'], /^oms verify: --max-lines must be a whole number of at least 1, got 'all'\n$/],
      ['a --max-lines of 0', ['--max-lines=0'], /^oms verify: --max-lines must be a whole number/],
    ])('%s', async (_, argv, message) => {
      const result = await verify(...argv);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^[^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    });
  });
});
