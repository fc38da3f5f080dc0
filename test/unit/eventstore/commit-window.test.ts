import { pacedBatches, PacedStep } from '../../../src/infrastructure/eventstore/commit-window';
import { StoredEvent } from '../../../src/infrastructure/eventstore/event-store';
import { ManualSubscription } from '../projections/support/event-store-doubles';

const eventAt = (position: bigint): StoredEvent => ({
  streamId: 'thing-1',
  revision: Number(position),
  position,
  type: 'Happened',
  data: {},
  metadata: { eventId: `e${position}`, correlationId: 'c', causationId: null, actor: 't', occurredAt: 't', schemaVersion: 1 },
});

/** What a consumer sees: each step as the positions of its batch (none when only the window closed) and whether to commit. */
const described = (step: PacedStep) => ({ positions: step.batch?.map((event) => event.position) ?? null, commit: step.commit });

describe('pacedBatches: how often a log follower commits', () => {
  let subscription: ManualSubscription;
  let steps: AsyncGenerator<PacedStep>;

  beforeEach(() => {
    // The clock is the test's: performance.now() and the window's timer move only when it says.
    jest.useFakeTimers();
    subscription = new ManualSubscription();
    steps = pacedBatches(subscription, 20);
  });
  afterEach(async () => {
    await subscription.close();
    jest.useRealTimers();
  });

  const next = async () => described((await steps.next()).value as PacedStep);

  /** A batch committed at once, then one 5 ms later, held in the window that commit opened. */
  const commitThenHoldOne = async () => {
    subscription.push([eventAt(1n)]);
    expect(await next()).toEqual({ positions: [1n], commit: true });
    jest.advanceTimersByTime(5);
    subscription.push([eventAt(2n)]);
    expect(await next()).toEqual({ positions: [2n], commit: false });
  };

  it('commits the first batch after a quiet spell at once', async () => {
    subscription.push([eventAt(1n), eventAt(2n)]);
    expect(await next()).toEqual({ positions: [1n, 2n], commit: true });
    jest.advanceTimersByTime(500);
    subscription.push([eventAt(3n)]);
    expect(await next()).toEqual({ positions: [3n], commit: true });
  });

  it('holds the batches that come within the window of the last commit, and says to commit when the window closes', async () => {
    await commitThenHoldOne();
    jest.advanceTimersByTime(5);
    subscription.push([eventAt(3n)]);
    expect(await next()).toEqual({ positions: [3n], commit: false });

    const closing = next();
    await jest.advanceTimersByTimeAsync(10); // 20 ms after the commit
    expect(await closing).toEqual({ positions: null, commit: true });
  });

  it('says to commit when the window closed while the consumer was busy, before the batch that came meanwhile, which a new window holds', async () => {
    await commitThenHoldOne();
    // The consumer was busy past the window: the next batch is already there when it asks.
    jest.advanceTimersByTime(30);
    subscription.push([eventAt(3n)]);
    expect(await next()).toEqual({ positions: null, commit: true });
    expect(await next()).toEqual({ positions: [3n], commit: false });
  });

  it('commits every batch with a window of 0, and ends with the subscription', async () => {
    steps = pacedBatches(subscription, 0);
    subscription.push([eventAt(1n)]);
    subscription.push([eventAt(2n)]);
    expect(await next()).toEqual({ positions: [1n], commit: true });
    expect(await next()).toEqual({ positions: [2n], commit: true });
    const ended = steps.next();
    await subscription.close();
    expect((await ended).done).toBe(true);
  });
});
