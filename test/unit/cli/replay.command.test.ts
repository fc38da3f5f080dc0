import { runReplayCommand } from '../../../src/cli/replay.command';
import { INVENTORY_COLLECTION, inventoryLevelId } from '../../../src/projections/read-models/inventory.projection';
import { dailyDemandId, DEMAND_COLLECTION } from '../../../src/projections/read-models/demand.projection';
import { PRODUCTS_COLLECTION } from '../../../src/projections/read-models/catalog.projection';
import { dataFolderWithBusyWeek, runIn } from './replay-verify.support';

describe('oms replay', () => {
  let folder: Awaited<ReturnType<typeof dataFolderWithBusyWeek>>;
  let replay: ReturnType<typeof runIn>;
  beforeEach(async () => {
    folder = await dataFolderWithBusyWeek();
    replay = runIn(folder.dir, runReplayCommand);
  });
  afterEach(() => folder.remove());

  it('rebuilds every read model from the log into the same documents, with the final rate on stdout', async () => {
    const built = await folder.snapshot();
    await folder.withStory(async (story) => {
      await story.documents.upsert(INVENTORY_COLLECTION, inventoryLevelId('east', 'SKU-A'), { sku: 'SKU-A', locationId: 'east', onHand: 999 });
      await story.documents.delete(PRODUCTS_COLLECTION, 'SKU-B');
      await story.documents.upsert(DEMAND_COLLECTION, dailyDemandId('SKU-Q', '*', '2025-01-01'), { sku: 'SKU-Q', locationId: '*', date: '2025-01-01', units: 1, orders: 1 });
    });

    const result = await replay();

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^replayed \d+ events in \d+\.\d s \([\d,]+ events\/s\) into orders, inventory, demand, catalog, replenishment, tracking\n$/);
    expect(await folder.snapshot()).toEqual(built);
    const head = await folder.withStory((story) => story.events.headPosition());
    expect(result.stdout).toContain(`replayed ${head} events`);
  });

  it('reports progress on stderr: lines when stderr is not a terminal', async () => {
    const { stderr } = await replay();
    const lines = stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.at(-1)).toMatch(/^replay: 100\.0% \(position [\d,]+\/[\d,]+\), [\d,]+ events\/s, ETA 0:00$/);
    expect(stderr).not.toContain('\r');
  });

  it('redraws one bar on a terminal, and ends its line', async () => {
    const { stderr, code } = await runIn(folder.dir, runReplayCommand, true)();
    expect(code).toBe(0);
    expect(stderr.startsWith('\r')).toBe(true);
    expect(stderr).toMatch(/\rreplay \[#{30}\] 100\.0% {2}[\d,]+\/[\d,]+ {2}[\d,]+ events\/s {2}ETA 0:00\u001b\[K\n$/);
  });

  it('rebuilds only the projection named, leaving the others as they are', async () => {
    await folder.withStory(async (story) => {
      await story.documents.upsert(PRODUCTS_COLLECTION, 'SKU-B', { sku: 'SKU-B', name: 'tampered' });
      await story.documents.upsert(DEMAND_COLLECTION, dailyDemandId('SKU-Q', '*', '2025-01-01'), { sku: 'SKU-Q', locationId: '*', date: '2025-01-01', units: 1, orders: 1 });
    });
    const result = await replay('--projection', 'demand');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ into demand\n$/);
    await folder.withStory(async (story) => {
      expect(await story.documents.get(DEMAND_COLLECTION, dailyDemandId('SKU-Q', '*', '2025-01-01'))).toBeNull();
      expect(await story.documents.get(PRODUCTS_COLLECTION, 'SKU-B')).toEqual({ sku: 'SKU-B', name: 'tampered' });
    });
    expect((await replay('--projection', 'demand', '--projection=catalog')).stdout).toMatch(/ into demand, catalog\n$/);
  });

  it('replays an empty log into empty read models', async () => {
    const empty = runIn(`${folder.dir}/empty`, runReplayCommand);
    const result = await empty();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^replayed 0 events in /);
  });

  describe('refuses bad arguments with one line on stderr and exit code 2', () => {
    it.each<[string, string[], RegExp]>([
      ['an unknown flag', ['--projections', 'orders'], /^oms replay: Unknown option '--projections'/],
      ['an unknown projection', ['--projection', 'shipments'], /^oms replay: unknown projection "shipments" \(known: orders, inventory, demand, catalog, replenishment, tracking\)\n$/],
      ['a positional argument', ['orders'], /^oms replay: Unexpected argument 'orders'/],
      ['a flag without its value', ['--projection'], /^oms replay: .*--projection/],
    ])('%s', async (_, argv, message) => {
      const result = await replay(...argv);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/^[^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    });

    it('a bad configuration', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runReplayCommand([], {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        stderrIsTTY: false,
        env: { OMS_DATA_DIR: folder.dir, OMS_ALLOCATION_STRATEGY: 'random' },
      });
      expect(code).toBe(2);
      expect(err.join('')).toMatch(/^oms replay: invalid configuration: OMS_ALLOCATION_STRATEGY: [^\n]+\n$/);
    });
  });

  it('answers 1 with one line when a store the environment names cannot be reached', async () => {
    const err: string[] = [];
    const code = await runReplayCommand([], {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
      stderrIsTTY: false,
      env: { OMS_DATA_DIR: folder.dir, EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' },
    });
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/^oms replay: cannot reach EVENTSTORE_URL \(esdb:\/\/127\.0\.0\.1:1\?tls=false\): [^\n]+\n$/);
  });

  it('prints its usage with --help', async () => {
    const result = await replay('--help');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: oms replay \[--projection NAME\]/);
  });
});
