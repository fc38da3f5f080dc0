import { PollingWork } from '../../../src/infrastructure/scheduling/polling-work';
import { silentLogger } from '../../../src/infrastructure/observability/logger';

/** Passes the test answers one by one: each waits until the test says how it ends, or until it is stopped. */
const scriptedPasses = () => {
  const waiting: { succeed: () => void; fail: (error: Error) => void }[] = [];
  let started = 0;
  return {
    pass: (signal: AbortSignal) => {
      started += 1;
      return new Promise<void>((resolve, reject) => {
        waiting.push({ succeed: resolve, fail: reject });
        signal.addEventListener('abort', () => resolve());
      });
    },
    started: () => started,
    next: async () => {
      for (let i = 0; waiting.length === 0; i++) {
        if (i > 2_000) throw new Error('no pass started');
        await new Promise((r) => setTimeout(r, 1));
      }
      return waiting.shift()!;
    },
  };
};

describe('PollingWork', () => {
  it('tells the last pass, its failure, and the last success; a failure does not stop it', async () => {
    const passes = scriptedPasses();
    const work = new PollingWork(passes.pass, { intervalMs: 1, logger: silentLogger(), what: 'test poll' });
    const seen = () => ({ ...work.health(), ...work.passTimes() });
    expect(seen()).toEqual({ state: 'idle', error: null, lastPassAt: null, lastSuccessAt: null });
    await work.start();

    (await passes.next()).fail(new Error('the store answered 503'));
    const second = await passes.next(); // started only after the first was recorded
    const failed = seen();
    expect(failed).toEqual({ state: 'running', error: 'the store answered 503', lastPassAt: expect.any(String), lastSuccessAt: null });

    second.succeed();
    await passes.next();
    const recovered = seen();
    expect(recovered).toEqual({ state: 'running', error: null, lastPassAt: expect.any(String), lastSuccessAt: recovered.lastPassAt });
    expect(Date.parse(recovered.lastSuccessAt!)).toBeGreaterThanOrEqual(Date.parse(failed.lastPassAt!));

    // The third pass is cut short by the stop: it is not reported as a pass.
    await work.stop();
    expect(seen()).toEqual({ ...recovered, state: 'stopped' });
    expect(passes.started()).toBe(3);
  });
});
