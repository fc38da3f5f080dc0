import { createCommandHandlers } from '../../../src/commands/command-handlers';
import { CRM_FOLLOWER, CrmFollower } from '../../../src/commands/crm/crm-follower';
import { registerRecordOrderJob } from '../../../src/commands/crm/record-order-job';
import { Crm, CrmOrder, CrmRejected } from '../../../src/infrastructure/crm/crm';
import { InlineJobQueue } from '../../../src/infrastructure/jobs/inline-job-queue';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { at, orderIdOf, OrderStory } from '../projections/support/order-story';

/** A CRM that keeps what it was asked, and refuses the token when told to. */
class RecordingCrm implements Crm {
  readonly orders: CrmOrder[] = [];
  refuseToken = false;

  async recordOrder(order: CrmOrder) {
    if (this.refuseToken) throw new CrmRejected('hubspot answered 401', 401);
    this.orders.push(order);
    return { contactId: 'c1', dealId: `d-${order.orderId}`, created: true };
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
    registerRecordOrderJob(jobs, { handlers: createCommandHandlers(story.events), crm, logger: silentLogger() });
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
      },
    ]);
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
