import { orderStreamId } from '../../../src/domain/order';
import { stockStreamId } from '../../../src/domain/stock';
import { makeTempDir } from '../../support/temp-dir';
import { FAST, HOUR, openWebhooks, ORDER_A, ORDER_B, placed, verifies, Webhooks } from '../../support/webhook-harness';
import { Receiver, startReceiver } from '../../support/webhook-receiver';

describe('outbound webhooks', () => {
  const clock = { ms: Date.parse('2026-03-01T00:00:00.000Z') };
  let temp: ReturnType<typeof makeTempDir>;
  let receiver: Receiver;
  let oms: Webhooks;

  beforeEach(async () => {
    clock.ms = Date.parse('2026-03-01T00:00:00.000Z');
    temp = makeTempDir('oms-webhooks-');
    receiver = await startReceiver();
    oms = await openWebhooks(temp.dir, clock);
  });
  afterEach(async () => {
    await oms.close();
    await receiver.close();
    await temp.remove();
  });

  const ofOrder = (orderId: string) => receiver.received.filter((w) => w.parsed.data.orderId === orderId);
  const delivered = (orderId: string) => ofOrder(orderId).map((w) => w.parsed.type);

  it('posts each subscribed event once, signed with the subscription secret, its data naming its aggregate', async () => {
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A)); // before the subscription: not sent
    const { subscription, secret } = await oms.subscriptions.create({ url: receiver.url, events: ['order.placed', 'stock.low', 'fulfillment.packed'] });
    await oms.append(orderStreamId(ORDER_B), 'OrderPlaced', placed(ORDER_B));
    await oms.append(orderStreamId(ORDER_B), 'OrderValidated', { validatedAt: '2026-01-01T00:00:01.000Z' }); // not subscribed
    await oms.append(orderStreamId(ORDER_B), 'FulfillmentPacked', { fulfillmentId: 'F1', packedAt: '2026-01-01T00:00:02.000Z' });
    await oms.append(stockStreamId('wh-1', 'SKU-1'), 'LowStockDetected', { available: 2, threshold: 5, detectedAt: '2026-01-01T00:00:03.000Z' });
    await oms.settled();

    // One lane per aggregate: the order's two in log order, the stock's beside them.
    expect(delivered(ORDER_B)).toEqual(['order.placed', 'fulfillment.packed']);
    expect(receiver.received.map((w) => w.parsed.type).sort()).toEqual(['fulfillment.packed', 'order.placed', 'stock.low']);
    for (const webhook of receiver.received) {
      expect(verifies(secret, webhook)).toBe(true);
      expect(verifies('another-secret-of-some-length', webhook)).toBe(false);
      expect(Object.keys(webhook.parsed).sort()).toEqual(['data', 'id', 'occurredAt', 'type']);
    }
    const ofType = (type: string) => receiver.received.find((w) => w.parsed.type === type)!.parsed.data;
    expect(ofType('order.placed')).toMatchObject({ orderId: ORDER_B, customer: { email: 'ada@example.com' } });
    expect(ofType('fulfillment.packed')).toMatchObject({ orderId: ORDER_B, fulfillmentId: 'F1' });
    expect(ofType('stock.low')).toMatchObject({ sku: 'SKU-1', locationId: 'wh-1', available: 2 });
    const log = await oms.subscriptions.deliveries(subscription.subscriptionId, { limit: 50 });
    expect(log!.items.map((line) => [line.eventType, line.attempt, line.status, line.responseStatus]).sort()).toEqual([
      ['fulfillment.packed', 1, 'delivered', 200],
      ['order.placed', 1, 'delivered', 200],
      ['stock.low', 1, 'delivered', 200],
    ]);
  });

  it('tells customer.updated on every order placed, with the customer and the order', async () => {
    await oms.subscriptions.create({ url: receiver.url, events: ['customer.updated'] });
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.settled();
    expect(receiver.received.map((w) => w.parsed)).toEqual([
      expect.objectContaining({ type: 'customer.updated', data: { customerId: 'cust-1', email: 'ada@example.com', name: 'Ada', phone: null, orderId: ORDER_A } }),
    ]);
  });

  it('retries a failing receiver with the same delivery id, and holds back an order’s later events until the earlier one is delivered', async () => {
    const { subscription } = await oms.subscriptions.create({ url: receiver.url, events: ['*'] });
    let failures = 0;
    receiver.answerWith((webhook) => (webhook.parsed.type === 'order.placed' && webhook.parsed.data.orderId === ORDER_A && failures++ < 2 ? 500 : 200));
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.append(orderStreamId(ORDER_B), 'OrderPlaced', placed(ORDER_B));
    await oms.append(orderStreamId(ORDER_A), 'OrderValidated', { validatedAt: '2026-01-01T00:00:01.000Z' });
    await oms.append(orderStreamId(ORDER_A), 'OrderCancelled', { reason: 'changed mind', cancelledAt: '2026-01-01T00:00:02.000Z' });
    await oms.settled();

    // The two refused tries, then each event of A once, in log order.
    expect(delivered(ORDER_A)).toEqual(['order.placed', 'order.placed', 'order.placed', 'customer.updated', 'order.validated', 'order.cancelled']);
    expect(delivered(ORDER_B)).toEqual(['order.placed', 'customer.updated']);
    const tries = ofOrder(ORDER_A).filter((w) => w.parsed.type === 'order.placed');
    expect(new Set(tries.map((w) => w.parsed.id)).size).toBe(1);

    const log = await oms.subscriptions.deliveries(subscription.subscriptionId, { limit: 50 });
    const placedA = log!.items.filter((line) => line.deliveryId === tries[0]!.parsed.id);
    expect(placedA.map((line) => [line.attempt, line.status, line.responseStatus])).toEqual([
      [1, 'failed', 500],
      [2, 'failed', 500],
      [3, 'delivered', 200],
    ]);
    expect((await oms.subscriptions.get(subscription.subscriptionId))!.failingSince).toBeNull();
  });

  it('counts a receiver that does not answer in time as a failed attempt, and delivers on the next', async () => {
    const { subscription } = await oms.subscriptions.create({ url: receiver.url, events: ['order.placed'] });
    receiver.answerWith((_webhook, index) => (index === 0 ? 'hang' : 200));
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.settled();

    const log = await oms.subscriptions.deliveries(subscription.subscriptionId, { limit: 50 });
    expect(log!.items.map((line) => [line.attempt, line.status, line.responseStatus, line.error])).toEqual([
      [1, 'failed', null, `no answer within ${FAST.timeoutMs} ms`],
      [2, 'delivered', 200, null],
    ]);
  });

  it('pauses a subscription whose deliveries have failed for 24 hours, and delivers what waited, in order, once resumed', async () => {
    const { subscription } = await oms.subscriptions.create({ url: receiver.url, events: ['order.placed', 'order.validated'] });
    // Every refusal takes an hour of the test clock: the 25th try is 24 h after the first.
    let down = true;
    receiver.answerWith(() => {
      if (!down) return 200;
      clock.ms += HOUR;
      return 503;
    });
    await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await oms.append(orderStreamId(ORDER_A), 'OrderValidated', { validatedAt: '2026-01-01T00:00:01.000Z' });
    await oms.settled();

    const paused = await oms.subscriptions.get(subscription.subscriptionId);
    expect(paused).toMatchObject({ status: 'paused', pausedAt: new Date(clock.ms - HOUR).toISOString() });
    expect(receiver.received).toHaveLength(25);
    expect(new Set(receiver.received.map((w) => w.parsed.type))).toEqual(new Set(['order.placed']));

    // Events keep being recorded while paused; nothing is sent.
    await oms.append(orderStreamId(ORDER_A), 'OrderCancelled', { reason: 'x', cancelledAt: '2026-01-01T00:00:02.000Z' });
    await oms.append(orderStreamId(ORDER_B), 'OrderPlaced', placed(ORDER_B));
    await oms.settled();
    expect(receiver.received).toHaveLength(25);

    down = false;
    expect(await oms.subscriptions.resume(subscription.subscriptionId)).toMatchObject({ status: 'active', failingSince: null });
    await oms.dispatcher.sweep();
    await oms.settled();
    expect(receiver.received.slice(25).filter((w) => w.parsed.data.orderId === ORDER_A).map((w) => w.parsed.type)).toEqual([
      'order.placed',
      'order.validated',
    ]);
    expect(delivered(ORDER_B)).toEqual(['order.placed']);
  });

  it('sends nothing more to a deleted subscription, retries included', async () => {
    const kept = await oms.subscriptions.create({ url: receiver.url, events: ['order.placed'] });
    const other = await startReceiver();
    try {
      const gone = await oms.subscriptions.create({ url: other.url, events: ['order.placed'] });
      other.answerWith(() => 500);
      await oms.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
      await oms.until('the doomed receiver was tried', () => other.received.length > 0);
      expect(await oms.subscriptions.remove(gone.subscription.subscriptionId)).toBe(true);
      const triedBefore = other.received.length;
      await oms.append(orderStreamId(ORDER_B), 'OrderPlaced', placed(ORDER_B));
      await oms.settled();

      expect(other.received.length).toBeLessThanOrEqual(triedBefore + 1); // at most the try already in flight
      expect(other.received.every((w) => w.parsed.data.orderId === ORDER_A)).toBe(true);
      expect(receiver.received.map((w) => w.parsed.data.orderId)).toEqual([ORDER_A, ORDER_B]);
      expect(await oms.subscriptions.get(gone.subscription.subscriptionId)).toBeNull();
      expect(await oms.subscriptions.deliveries(gone.subscription.subscriptionId, { limit: 10 })).toBeNull();
      expect(kept.subscription.status).toBe('active');
    } finally {
      await other.close();
    }
  });

  it('loses nothing across a crash: deliveries recorded but never sent are sent by the next process, once each', async () => {
    await oms.close();
    // A process that records deliveries, then dies before its jobs run (an inline queue forgets them).
    const doomed = await openWebhooks(temp.dir, clock, { startJobs: false });
    await doomed.subscriptions.create({ url: receiver.url, events: ['*'] });
    await doomed.append(orderStreamId(ORDER_A), 'OrderPlaced', placed(ORDER_A));
    await doomed.append(orderStreamId(ORDER_A), 'OrderValidated', { validatedAt: '2026-01-01T00:00:01.000Z' });
    const head = await doomed.events.headPosition();
    await doomed.until('the deliveries are recorded', () => doomed.dispatcher.health().position >= head);
    // Events the dead process never saw at all.
    await doomed.append(orderStreamId(ORDER_A), 'OrderCancelled', { reason: 'x', cancelledAt: '2026-01-01T00:00:02.000Z' });
    await doomed.dispatcher.stop();
    await doomed.close();
    expect(receiver.received).toHaveLength(0);

    oms = await openWebhooks(temp.dir, clock);
    await oms.settled();
    expect(delivered(ORDER_A)).toEqual(['order.placed', 'customer.updated', 'order.validated', 'order.cancelled']);
  });
});
