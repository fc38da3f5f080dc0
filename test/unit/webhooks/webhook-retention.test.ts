import { orderStreamId } from '../../../src/domain/order';
import { WEBHOOK_COLLECTIONS, WebhookDeliveryDocument } from '../../../src/infrastructure/webhooks/webhook-documents';
import { WebhookStore } from '../../../src/infrastructure/webhooks/webhook-store';
import { makeTempDir } from '../../support/temp-dir';
import { HOUR, openWebhooks, ORDER_A, ORDER_B, placed, Webhooks } from '../../support/webhook-harness';
import { Receiver, startReceiver } from '../../support/webhook-receiver';

const DAY = 24 * HOUR;

describe('forgetting old webhook deliveries', () => {
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  const clock = { ms: start };
  let temp: ReturnType<typeof makeTempDir>;
  let receivers: Receiver[];
  let oms: Webhooks;

  beforeEach(async () => {
    clock.ms = start;
    temp = makeTempDir('oms-webhook-retention-');
    receivers = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    oms = await openWebhooks(temp.dir, clock);
  });
  afterEach(async () => {
    await oms.close();
    await Promise.all(receivers.map((r) => r.close()));
    await temp.remove();
  });

  const deliveriesOf = async (subscriptionId: string) =>
    (await oms.documents.find<WebhookDeliveryDocument>(WEBHOOK_COLLECTIONS.deliveries, { filter: { subscriptionId }, limit: 100 })).items;
  const logOf = async (subscriptionId: string) => (await oms.subscriptions.deliveries(subscriptionId, { limit: 100 }))!.items;

  it('forgets delivered webhooks, log lines and deleted subscriptions’ webhooks, and keeps what is still owed', async () => {
    const [healthy, failing, doomed] = receivers as [Receiver, Receiver, Receiver];
    const kept = (await oms.subscriptions.create({ url: healthy.url, events: ['order.placed'] })).subscription.subscriptionId;
    // Every refusal takes an hour of the test clock: this one is paused after a day, its webhook still owed.
    const paused = (await oms.subscriptions.create({ url: failing.url, events: ['order.placed'] })).subscription.subscriptionId;
    let down = true;
    failing.answerWith(() => {
      if (!down) return 200;
      clock.ms += HOUR;
      return 503;
    });
    const gone = (await oms.subscriptions.create({ url: doomed.url, events: ['order.placed'] })).subscription.subscriptionId;
    doomed.answerWith(() => 500);
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.until('the doomed receiver was tried', () => doomed.received.length > 0);
    await oms.subscriptions.remove(gone);
    await oms.settled();
    expect(await oms.subscriptions.get(paused)).toMatchObject({ status: 'paused' });
    expect(await logOf(paused)).toHaveLength(25);

    clock.ms = start + 32 * DAY;
    await oms.append(orderStreamId(ORDER_B), 'OrderPlaced', placed(ORDER_B));
    await oms.settled();
    const before = await oms.documents.count(WEBHOOK_COLLECTIONS.attempts);

    const forgotten = await new WebhookStore(oms.documents).forgetBefore(new Date(clock.ms - 30 * DAY).toISOString());

    // The kept subscription's old webhook and its log line went; the new ones stay.
    expect((await deliveriesOf(kept)).map((d) => d.data.orderId)).toEqual([ORDER_B]);
    expect((await logOf(kept)).map((line) => line.status)).toEqual(['delivered']);
    // The paused subscription's webhooks are still owed, the old one too: kept, though its log lines went.
    const owed = (await deliveriesOf(paused)).map((d) => [d.data.orderId, d.status, d.attempts]);
    expect(owed.sort()).toEqual([
      [ORDER_A, 'pending', 25],
      [ORDER_B, 'pending', 0],
    ]);
    expect(await logOf(paused)).toEqual([]);
    // The deleted subscription left nothing behind.
    expect(await deliveriesOf(gone)).toEqual([]);
    const after = await oms.documents.count(WEBHOOK_COLLECTIONS.attempts);
    expect(after).toBe(1);
    expect(forgotten).toBe(before - after + 2); // the log lines, then the kept and the deleted subscriptions' old webhooks

    // What was owed is still sent once the paused subscription is resumed.
    down = false;
    await oms.subscriptions.resume(paused);
    await oms.dispatcher.sweep();
    await oms.settled();
    expect(failing.received.slice(25).map((w) => w.parsed.data.orderId).sort()).toEqual([ORDER_A, ORDER_B]);
    expect((await deliveriesOf(paused)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('forgets nothing younger than the cutoff', async () => {
    const kept = (await oms.subscriptions.create({ url: receivers[0]!.url, events: ['order.placed'] })).subscription.subscriptionId;
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.settled();
    expect(await new WebhookStore(oms.documents).forgetBefore(new Date(clock.ms - 1).toISOString())).toBe(0);
    expect(await deliveriesOf(kept)).toHaveLength(1);
    expect(await logOf(kept)).toHaveLength(1);
  });
});
