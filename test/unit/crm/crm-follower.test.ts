import { createCommandHandlers } from '../../../src/commands/command-handlers';
import { CRM_FOLLOWER, CrmFollower } from '../../../src/commands/crm/crm-follower';
import { CRM_DEALS, registerRecordOrderJob } from '../../../src/commands/crm/record-order-job';
import { Crm, CrmOrder, CrmRejected, LostOrder } from '../../../src/infrastructure/crm/crm';
import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { at, orderIdOf, OrderStory } from '../projections/support/order-story';

/** A CRM that keeps what it was asked and the deals it would hold, and refuses the token when told to. */
class RecordingCrm implements Crm {
  readonly orders: CrmOrder[] = [];
  readonly markedLost: { orderId: string; lostReason: string; dealId: string | null }[] = [];
  /** By order: the deal and why it was lost (null: won). */
  readonly deals = new Map<string, { dealId: string; lostReason: string | null }>();
  refuseToken = false;

  async recordOrder(order: CrmOrder) {
    if (this.refuseToken) throw new CrmRejected('hubspot answered 401', 401);
    this.orders.push(order);
    const created = !this.deals.has(order.orderId);
    this.deals.set(order.orderId, { dealId: `d-${order.orderId}`, lostReason: order.lostReason });
    return { contactId: 'c1', dealId: `d-${order.orderId}`, created };
  }

  async markLost(order: LostOrder, dealId: string | null) {
    this.markedLost.push({ ...order, dealId });
    const deal = this.deals.get(order.orderId);
    if (!deal) return null;
    deal.lostReason = order.lostReason;
    return { dealId: deal.dealId };
  }
}

describe('the CRM follower and its job', () => {
  let story: OrderStory;
  let jobs: InlineJobQueue;
  let crm: RecordingCrm;
  let follower: CrmFollower | null;

  const startFollower = async () => {
    follower = new CrmFollower({ events: story.events, documents: story.documents, jobs, logger: silentLogger() });
    await follower.start();
  };
  /** Until the follower's checkpoint reaches the head of the log and every job it queued has run. */
  const caughtUp = async () => {
    const head = await story.events.headPosition();
    for (let i = 0; i < 1_000 && (await story.documents.getCheckpoint(CRM_FOLLOWER)) !== head; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await story.documents.getCheckpoint(CRM_FOLLOWER)).toBe(head);
    await jobs.idle();
  };

  beforeEach(async () => {
    story = await OrderStory.open();
    jobs = new InlineJobQueue({ logger: silentLogger() });
    crm = new RecordingCrm();
    await story.documents.ensureCollections([CRM_DEALS]);
    registerRecordOrderJob(jobs, { handlers: createCommandHandlers(story.events), crm, documents: story.documents, logger: silentLogger() });
    await jobs.start();
    follower = null;
  });
  afterEach(async () => {
    await follower?.stop();
    await jobs.close();
    await story.close();
  });

  it('records each order placed once it runs, with its grand total and customer, and none placed before its first start', async () => {
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 1, unitPrice: 1000 }] });
    await startFollower();
    await story.place(orderIdOf(2), { at: at(2), channel: 'phone', currency: 'EUR', lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: 1000 }] });
    await story.hold(orderIdOf(2), 'check', at(2, 1));
    await caughtUp();
    expect(crm.orders).toEqual([
      {
        orderId: orderIdOf(2),
        channel: 'phone',
        placedAt: at(2),
        currency: 'EUR',
        amount: 2_500,
        customer: { email: 'ada@example.com', name: 'Ada', phone: null },
        lostReason: null,
      },
    ]);
  });

  it('marks the deal of an order cancelled later lost, by the deal id it was recorded under', async () => {
    await startFollower();
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await caughtUp();
    await story.cancel(orderIdOf(1), 'customer asked', at(1, 5));
    await caughtUp();
    expect(crm.orders.map((o) => [o.orderId, o.lostReason])).toEqual([[orderIdOf(1), null]]);
    expect(crm.markedLost).toEqual([{ orderId: orderIdOf(1), lostReason: 'cancelled: customer asked', dealId: `d-${orderIdOf(1)}` }]);
    expect(crm.deals.get(orderIdOf(1))).toEqual({ dealId: `d-${orderIdOf(1)}`, lostReason: 'cancelled: customer asked' });
  });

  it('ends with the deal of a rejected order lost, with the rejection, whichever of its jobs ran first', async () => {
    await startFollower();
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-NOT-SOLD', quantity: 1 }] });
    await story.validate(orderIdOf(1), at(1, 1));
    await caughtUp();
    expect(crm.deals.get(orderIdOf(1))).toEqual({ dealId: `d-${orderIdOf(1)}`, lostReason: expect.stringMatching(/^rejected: .*SKU-NOT-SOLD/) });
    expect(crm.markedLost).toEqual([expect.objectContaining({ orderId: orderIdOf(1), dealId: `d-${orderIdOf(1)}` })]);
  });

  it('sends nothing new for an order placed before its first start and cancelled after', async () => {
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await startFollower();
    await story.cancel(orderIdOf(1), 'customer asked', at(1, 5));
    await caughtUp();
    expect(crm.orders).toEqual([]);
    expect(crm.markedLost).toEqual([{ orderId: orderIdOf(1), lostReason: 'cancelled: customer asked', dealId: null }]);
  });

  it('carries on from its checkpoint after a restart, recording nothing twice', async () => {
    await startFollower();
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await caughtUp();
    await follower!.stop();
    await story.place(orderIdOf(2), { at: at(2), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await startFollower();
    await caughtUp();
    expect(crm.orders.map((o) => o.orderId)).toEqual([orderIdOf(1), orderIdOf(2)]);
  });

  it('gives up at once on a refused token, without retrying', async () => {
    crm.refuseToken = true;
    const failed: string[] = [];
    jobs.onFailed((failure) => void failed.push(`${failure.id}:${failure.attempts}`));
    await startFollower();
    await story.place(orderIdOf(1), { at: at(1), lines: [{ sku: 'SKU-A', quantity: 1 }] });
    await caughtUp();
    expect(failed).toEqual([`crm:${orderIdOf(1)}:1`]);
  });
});
