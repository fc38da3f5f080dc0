import { Writable } from 'node:stream';
import pino from 'pino';
import { LeasedWork, MAX_RESTART_DELAY_MS, Work } from '../../../src/composition/leased-work';
import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';

/** Background work that can be told to fail, as the process manager fails on a commit it could not make. */
class FlakyWork implements Work {
  starts = 0;
  stops = 0;
  failing: string | null = null;
  startThrows = false;
  private state: 'running' | 'stopped' | 'failed' = 'stopped';

  async start() {
    this.starts += 1;
    if (this.startThrows) throw new Error('database is locked');
    this.state = 'running';
  }
  async stop() {
    this.stops += 1;
    this.state = 'stopped';
  }
  fail(message: string) {
    this.state = 'failed';
    this.failing = message;
  }
  health() {
    return { state: this.state, error: this.state === 'failed' ? this.failing : null };
  }
}

const TTL_MS = 3_000;
const RENEW_EVERY_MS = TTL_MS / 3;

// The renewal timer never fires: each test drives renewals with renewNow and moves the clock itself.
beforeAll(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime'] }));
afterAll(() => jest.useRealTimers());

describe('LeasedWork', () => {
  let documents: SqliteDocumentStore;
  let clock: number;
  let logged: { msg: string; restarts?: number; error?: string }[];
  const logger = () =>
    pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged.push(JSON.parse(chunk.toString()));
          done();
        },
      }),
    );
  const leased = (work: Work, holder = 'me') =>
    new LeasedWork(documents, { name: 'work', holder }, work, { ttlMs: TTL_MS, logger: logger(), now: () => clock });

  beforeEach(async () => {
    documents = await SqliteDocumentStore.open(':memory:');
    clock = 1_000_000;
    logged = [];
  });
  afterEach(() => documents.close());

  it('starts the work again when it stopped on an error while the lease is held, from a fresh start', async () => {
    const work = new FlakyWork();
    const lease = leased(work);
    await lease.start();
    work.fail('database is locked');
    await lease.renewNow();
    expect({ starts: work.starts, stops: work.stops, state: work.health().state, restarts: lease.restartsInARow }).toEqual({
      starts: 2,
      stops: 1,
      state: 'running',
      restarts: 1,
    });
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'work stopped on an error: starting it again', error: 'database is locked', restarts: 1 }));
    // Found running at the next renewal: the count starts over.
    await lease.renewNow();
    expect(lease.restartsInARow).toBe(0);
    await lease.stop();
  });

  it('leaves running work alone', async () => {
    const work = new FlakyWork();
    const lease = leased(work);
    await lease.start();
    await lease.renewNow();
    await lease.renewNow();
    expect({ starts: work.starts, stops: work.stops }).toEqual({ starts: 1, stops: 0 });
    await lease.stop();
  });

  it('waits twice as long before each restart of work that fails again at once, up to a ceiling', async () => {
    const work = new FlakyWork();
    const lease = leased(work);
    await lease.start();
    const failAndRenew = async () => {
      work.fail('bad event');
      await lease.renewNow();
    };
    await failAndRenew();
    expect(work.starts).toBe(2);
    work.fail('bad event');
    const waits: number[] = [];
    for (let wait = 0; waits.length < 12; ) {
      clock += 500;
      wait += 500;
      await lease.renewNow();
      if (work.health().state === 'failed') continue;
      waits.push(wait);
      wait = 0;
      work.fail('bad event');
    }
    const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048].map((n) => Math.min(MAX_RESTART_DELAY_MS, n * RENEW_EVERY_MS));
    expect(waits).toEqual(expected);
    await lease.stop();
  });

  it('starts work again whose restart threw, although it never reported failing', async () => {
    const work = new FlakyWork();
    const lease = leased(work);
    await lease.start();
    work.fail('database is locked');
    work.startThrows = true;
    await expect(lease.renewNow()).rejects.toThrow('database is locked');
    expect(work.health().state).toBe('stopped');
    work.startThrows = false;
    clock += RENEW_EVERY_MS;
    await lease.renewNow();
    expect({ starts: work.starts, state: work.health().state }).toEqual({ starts: 3, state: 'running' });
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'work stopped on an error: starting it again', error: 'its last start failed' }));
    await lease.stop();
  });

  it('does not restart failed work whose lease another holder has', async () => {
    const work = new FlakyWork();
    const standby = new FlakyWork();
    const holding = leased(work, 'a');
    const waiting = leased(standby, 'b');
    await holding.start();
    await waiting.start();
    standby.fail('never started');
    await waiting.renewNow();
    expect({ starts: standby.starts, holding: waiting.holding }).toEqual({ starts: 0, holding: false });
    await waiting.stop();
    await holding.stop();
  });
});
