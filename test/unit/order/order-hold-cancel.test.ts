import { HoldActor, HoldNotReleasable, OrderAlreadyShipped, OrderClosed } from '../../../src/domain/order';
import {
  ADMIN,
  alloc,
  authorized,
  cancelOrder,
  customerNotified,
  delivered,
  fulfillmentPacked,
  fulfillmentPicked,
  fulfillmentRequested,
  fulfillmentShipped,
  given,
  holdOrder,
  inventoryAllocated,
  labelled,
  linesBackordered,
  orderCancelled,
  orderHeld,
  orderPlaced,
  orderRejected,
  orderReleased,
  paymentFailed,
  placed,
  recordCustomerNotified,
  releaseOrder,
  requested,
  shipmentLabelCreated,
  shipped,
  t,
  validated,
} from './order-builders';

const a1 = alloc('L1', 'SKU-A', 'wh-1', 2);
const b2 = alloc('L2', 'SKU-B', 'wh-2', 1);
/** Split over wh-1 (F1) and wh-2 (F2); F1 has shipped, F2 is still requested. */
const oneOfTwoShipped = () => [
  ...authorized(),
  inventoryAllocated('alloc-1', [a1, b2]),
  fulfillmentRequested('F1', 'wh-1', [a1]),
  fulfillmentRequested('F2', 'wh-2', [b2]),
  fulfillmentPicked('F1'),
  fulfillmentPacked('F1'),
  shipmentLabelCreated('F1'),
  fulfillmentShipped('F1'),
];

describe('HoldOrder', () => {
  it('holds an open order', () =>
    given(...requested()).when(holdOrder('fraud review', t(15))).then([orderHeld('fraud review', t(15))]));

  it('holds a freshly placed order', () => given(...placed()).when(holdOrder()).then([orderHeld()]));

  it('is idempotent while held, whatever the reason', () =>
    given(...requested(), orderHeld('fraud review')).when(holdOrder('another reason')).then([]));

  it.each([
    ['cancelled', () => [...validated(), orderCancelled()]],
    ['rejected', () => [orderPlaced(), orderRejected()]],
    ['payment_failed', () => [...validated(), paymentFailed()]],
  ])('refuses a %s order', (status, history) => {
    const error = given(...history()).when(holdOrder()).thenThrows(OrderClosed, 'ORDER.CLOSED');
    expect(error.details).toEqual({ command: 'HoldOrder', status });
  });

  it('refuses once everything has shipped', () => {
    const error = given(...shipped()).when(holdOrder()).thenThrows(OrderAlreadyShipped, 'ORDER.ALREADY_SHIPPED');
    expect(error.details).toEqual({ command: 'HoldOrder', shippedFulfillmentIds: ['F1'] });
  });

  it('refuses once everything is delivered', () => {
    given(...delivered()).when(holdOrder()).thenThrows(OrderAlreadyShipped, 'ORDER.ALREADY_SHIPPED');
  });

  it('holds a partially shipped order (the rest has not left)', () =>
    given(...oneOfTwoShipped()).when(holdOrder()).then([orderHeld()]));

  it('holds an order whose only fulfillment shipped while a line is still backordered', () =>
    given(
      ...authorized(),
      inventoryAllocated('alloc-1', [a1]),
      linesBackordered('alloc-1', [{ lineId: 'L2', sku: 'SKU-B', quantity: 1 }]),
      fulfillmentRequested('F1', 'wh-1', [a1]),
      fulfillmentPicked('F1'),
      fulfillmentPacked('F1'),
      shipmentLabelCreated('F1'),
      fulfillmentShipped('F1'),
    )
      .when(holdOrder())
      .then([orderHeld()]));
});

describe('ReleaseOrder', () => {
  it('releases a held order', () =>
    given(...requested(), orderHeld()).when(releaseOrder(t(16))).then([orderReleased(t(16))]));

  it('does nothing to an order that is not held', () => {
    given(...requested()).when(releaseOrder()).then([]);
    given(...requested(), orderHeld(), orderReleased()).when(releaseOrder()).then([]);
  });
});

describe('Who may release a hold', () => {
  const web: HoldActor = { by: 'client', channel: 'web' };
  const app: HoldActor = { by: 'client', channel: 'app' };
  const fraud: HoldActor = { by: 'fraud', channel: null };

  it('records who placed the hold', () =>
    given(...requested()).when(holdOrder('address check', t(15), web)).then([orderHeld('address check', t(15), web)]));

  it.each([
    ['an admin', ADMIN],
    ['fraud screening', fraud],
  ])('refuses a client lifting a hold placed by %s', (_who, placer) => {
    const error = given(...requested(), orderHeld('review', t(5), placer))
      .when(releaseOrder(t(16), web))
      .thenThrows(HoldNotReleasable, 'ORDER.RELEASE_FORBIDDEN');
    expect(error.details).toEqual({ heldBy: placer.by });
  });

  it('lets an admin lift any hold', () => {
    for (const placer of [ADMIN, fraud, web]) {
      given(...requested(), orderHeld('review', t(5), placer)).when(releaseOrder(t(16))).then([orderReleased(t(16))]);
    }
  });

  it("lets a client lift its own channel's hold, not another channel's", () => {
    given(...requested(), orderHeld('check', t(5), web)).when(releaseOrder(t(16), web)).then([orderReleased(t(16))]);
    given(...requested(), orderHeld('check', t(5), web)).when(releaseOrder(t(16), app)).thenThrows(HoldNotReleasable);
  });

  it("takes a client's hold over when an admin holds the order, so the client can no longer lift it", () => {
    given(...requested(), orderHeld('check', t(5), web)).when(holdOrder('fraud review', t(15))).then([orderHeld('fraud review', t(15))]);
    given(...requested(), orderHeld('check', t(5), web), orderHeld('fraud review', t(15)))
      .when(releaseOrder(t(16), web))
      .thenThrows(HoldNotReleasable);
    // a client holding an order an admin holds changes nothing
    given(...requested(), orderHeld('review', t(5))).when(holdOrder('check', t(15), web)).then([]);
  });
});

describe('CancelOrder', () => {
  it('cancels an open order', () =>
    given(...requested()).when(cancelOrder('changed my mind', t(17))).then([orderCancelled('changed my mind', t(17))]));

  it('cancels a held order', () => given(...requested(), orderHeld()).when(cancelOrder()).then([orderCancelled()]));

  it('cancels a packed and labelled order that has not shipped', () =>
    given(...labelled()).when(cancelOrder()).then([orderCancelled()]));

  it('is idempotent once cancelled', () => given(...validated(), orderCancelled()).when(cancelOrder('again')).then([]));

  it('refuses once any fulfillment has shipped', () => {
    const error = given(...oneOfTwoShipped())
      .when(cancelOrder())
      .thenThrows(OrderAlreadyShipped, 'ORDER.ALREADY_SHIPPED');
    expect(error.details).toEqual({ command: 'CancelOrder', shippedFulfillmentIds: ['F1'] });
  });

  it('refuses a delivered order', () => {
    given(...delivered()).when(cancelOrder()).thenThrows(OrderAlreadyShipped, 'ORDER.ALREADY_SHIPPED');
  });

  it.each([
    ['rejected', () => [orderPlaced(), orderRejected()]],
    ['payment_failed', () => [...validated(), paymentFailed()]],
  ])('refuses a %s order', (status, history) => {
    const error = given(...history()).when(cancelOrder()).thenThrows(OrderClosed, 'ORDER.CLOSED');
    expect(error.details).toEqual({ command: 'CancelOrder', status });
  });
});

describe('RecordCustomerNotified', () => {
  it('records a notification', () =>
    given(...placed())
      .when(recordCustomerNotified('confirmation', 'order', 'msg-1', t(2)))
      .then([customerNotified('confirmation', 'order', 'msg-1', t(2))]));

  it('is idempotent for the same notification about the same thing', () =>
    given(...placed(), customerNotified('confirmation', 'order', 'msg-1'))
      .when(recordCustomerNotified('confirmation', 'order', 'msg-2'))
      .then([]));

  it('records the same notification about another thing, and another notification about the same thing', () => {
    given(...shipped(), customerNotified('shipped', 'F1'))
      .when(recordCustomerNotified('shipped', 'F2'))
      .then([customerNotified('shipped', 'F2')]);
    given(...shipped(), customerNotified('shipped', 'F1'))
      .when(recordCustomerNotified('delivered', 'F1'))
      .then([customerNotified('delivered', 'F1')]);
  });

  it('records notifications on closed orders (the customer hears about the rejection and the cancellation)', () => {
    given(orderPlaced(), orderRejected()).when(recordCustomerNotified('rejected')).then([customerNotified('rejected')]);
    given(...validated(), orderCancelled()).when(recordCustomerNotified('cancelled')).then([customerNotified('cancelled')]);
  });
});
