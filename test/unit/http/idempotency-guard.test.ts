import { SqliteDocumentStore } from '../../../src/infrastructure/documents/sqlite-document-store';
import { IDEMPOTENCY_COLLECTION, IdempotencyGuard, IdempotencyGuardOptions, IdempotentRequest } from '../../../src/http/idempotency/idempotency-guard';
import { RouteResult } from '../../../src/http/route';
import { purgeEvery } from '../../../src/composition/purge-every';
import { silentLogger } from '../../../src/infrastructure/observability/logger';

/*
 * The guard on a real (in-memory) document store, with an injected clock
 * and, for claims left by other processes, an injected view of which
 * processes run: nothing here waits on time.
 */

const HOUR = 3_600_000;
let documents: SqliteDocumentStore;
let clock: number;

beforeEach(async () => {
  documents = await SqliteDocumentStore.open(':memory:');
  await documents.ensureCollections(IdempotencyGuard.collections);
  clock = Date.parse('2026-03-01T00:00:00.000Z');
});
afterEach(() => documents.close());

const guard = (options: IdempotencyGuardOptions = {}) => new IdempotencyGuard(documents, { now: () => new Date(clock), ...options });

const request = (key: string, body: unknown = { quantity: 1 }, correlationId = `corr-${key}`): IdempotentRequest => ({
  keyId: 'key-1',
  key,
  method: 'POST',
  path: '/inventory/receipts',
  body,
  correlationId,
});

/** A handler that counts its runs and answers 201 with the run number. */
const counter = () => {
  let runs = 0;
  const handle = async (): Promise<RouteResult> => ({ status: 201, body: { run: ++runs } });
  return { handle, runs: () => runs };
};

describe('IdempotencyGuard: how long a key is remembered', () => {
  it('replays a key until its TTL has passed, and treats it as new from then on', async () => {
    const ttl = guard({ ttlMs: 24 * HOUR });
    const work = counter();
    await ttl.run(request('k'), work.handle);
    clock += 24 * HOUR - 1;
    expect(await ttl.run(request('k'), work.handle)).toMatchObject({ body: { run: 1 }, headers: { 'Idempotent-Replayed': 'true' } });
    clock += 1;
    const afterTtl = await ttl.run(request('k', { quantity: 2 }), work.handle);
    expect(afterTtl).toEqual({ status: 201, body: { run: 2 } });
    expect(work.runs()).toBe(2);
  });

  it('purges the records older than the TTL and keeps the younger ones', async () => {
    const ttl = guard({ ttlMs: 24 * HOUR });
    const work = counter();
    for (let i = 0; i < 3; i++) await ttl.run(request(`old-${i}`), work.handle);
    clock += 12 * HOUR;
    await ttl.run(request('young'), work.handle);
    clock += 12 * HOUR;
    expect(await ttl.purgeExpired()).toBe(3);
    expect(await documents.count(IDEMPOTENCY_COLLECTION)).toBe(1);
    expect(await documents.get(IDEMPOTENCY_COLLECTION, 'key-1:young')).not.toBeNull();
    expect(await ttl.purgeExpired()).toBe(0);
  });
});

describe('IdempotencyGuard: a claim whose request never stored its answer', () => {
  /** Process 111 on host-a claims the key and stays in its command until `finish`. */
  const claimedElsewhere = async (key: string, host = 'host-a') => {
    let finish: () => void = () => undefined;
    const inFlight = guard({ self: { host, pid: 111 } }).run(
      request(key),
      () => new Promise<RouteResult>((resolve) => (finish = () => resolve({ status: 201, body: { run: 'elsewhere' } }))),
    );
    while ((await documents.get(IDEMPOTENCY_COLLECTION, `key-1:${key}`)) === null) await new Promise((resolve) => setImmediate(resolve));
    return { finish: async () => (finish(), inFlight) };
  };
  const runs = (alive: boolean) => (pid: number) => pid === 111 && alive;

  it('answers 409 while the process that claimed it still runs, and changes nothing', async () => {
    const elsewhere = await claimedElsewhere('live');
    const work = counter();
    await expect(guard({ self: { host: 'host-a', pid: 222 }, processRuns: runs(true) }).run(request('live'), work.handle)).rejects.toMatchObject({ status: 409 });
    expect(work.runs()).toBe(0);
    await elsewhere.finish();
  });

  it('rebuilds the first answer from the log when the dead process’s command landed', async () => {
    const elsewhere = await claimedElsewhere('landed');
    const work = counter();
    const recovered: RouteResult = { status: 201, body: { orderId: 'o-1' }, headers: { Location: '/orders/o-1' } };
    const recover = jest.fn(async (correlationId: string) => (correlationId === 'corr-landed' ? recovered : null));
    const retry = guard({ self: { host: 'host-a', pid: 222 }, processRuns: runs(false) });
    const answer = await retry.run(request('landed', { quantity: 1 }, 'corr-of-the-retry'), work.handle, recover);
    expect(answer).toEqual({ ...recovered, headers: { Location: '/orders/o-1', 'Idempotent-Replayed': 'true' } });
    expect(recover).toHaveBeenCalledWith('corr-landed');
    expect(work.runs()).toBe(0);
    expect(await retry.run(request('landed'), work.handle, recover)).toEqual(answer);
    await elsewhere.finish();
  });

  it('runs the request when the dead process’s command never landed', async () => {
    const elsewhere = await claimedElsewhere('lost');
    const work = counter();
    const answer = await guard({ self: { host: 'host-a', pid: 222 }, processRuns: runs(false) }).run(request('lost'), work.handle, async () => null);
    expect(answer).toEqual({ status: 201, body: { run: 1 } });
    await elsewhere.finish();
  });

  it('resolves a claim of an earlier life of its own process id at once (a restarted container)', async () => {
    const elsewhere = await claimedElsewhere('restarted');
    const work = counter();
    const answer = await guard({ self: { host: 'host-a', pid: 111 }, processRuns: runs(true) }).run(request('restarted'), work.handle, async () => null);
    expect(answer).toEqual({ status: 201, body: { run: 1 } });
    await elsewhere.finish();
  });

  it('waits for the heartbeat of a claim made on another host to stop', async () => {
    const elsewhere = await claimedElsewhere('remote', 'host-b');
    const work = counter();
    const other = guard({ self: { host: 'host-a', pid: 222 }, processRuns: runs(false), abandonAfterMs: 60_000 });
    clock += 60_000;
    await expect(other.run(request('remote'), work.handle, async () => null)).rejects.toMatchObject({ status: 409 });
    clock += 1;
    expect(await other.run(request('remote'), work.handle, async () => null)).toEqual({ status: 201, body: { run: 1 } });
    await elsewhere.finish();
  });
});

describe('purgeEvery: the background purge of the API process', () => {
  afterEach(() => jest.useRealTimers());

  it('purges at start and then once every interval, goes on after a failed run, and stops', async () => {
    jest.useFakeTimers();
    const purge = jest.fn(async () => 0).mockRejectedValueOnce(new Error('store away'));
    const background = purgeEvery(600_000, purge, silentLogger(), 'expired idempotency records');
    await jest.advanceTimersByTimeAsync(0);
    expect(purge).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(600_000);
    expect(purge).toHaveBeenCalledTimes(2);
    await background.stop();
    await jest.advanceTimersByTimeAsync(1_200_000);
    expect(purge).toHaveBeenCalledTimes(2);
  });
});
