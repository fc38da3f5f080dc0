import { NextStep, nextSteps, Notification, OrderEvent } from '../../../src/domain/order';
import {
  alloc,
  authorized,
  customerNotified,
  delivered,
  fulfillmentPacked,
  fulfillmentPicked,
  fulfillmentRequested,
  fulfillmentShipped,
  inventoryAllocated,
  labelled,
  linesBackordered,
  orderAfter,
  orderCancelled,
  orderHeld,
  orderRejected,
  orderReleased,
  packed,
  paymentCaptured,
  paymentFailed,
  paymentVoided,
  placed,
  requested,
  shipmentLabelCreated,
  shipped,
  validated,
} from '../order/order-builders';

const stepsAfter = (...events: OrderEvent[]): NextStep[] => nextSteps(orderAfter(events));
const notify = (notification: Notification, key = 'order'): NextStep => ({ kind: 'notify', notification, key });
const told = (...notifications: [Notification, string?][]) => notifications.map(([n, key = 'order']) => customerNotified(n, key));
const confirmed = customerNotified('confirmation');

describe('nextSteps: what the workflow still owes an order', () => {
  describe('along the happy path, one step at a time', () => {
    it('placed: confirm, then validate', () => expect(stepsAfter(...placed())).toEqual([notify('confirmation'), { kind: 'validate' }]));

    it('placed and confirmed: validate', () => expect(stepsAfter(...placed(), confirmed)).toEqual([{ kind: 'validate' }]));

    it('validated: authorize the payment', () => expect(stepsAfter(...validated(), confirmed)).toEqual([{ kind: 'authorize' }]));

    it('authorized: allocate', () => expect(stepsAfter(...authorized(), confirmed)).toEqual([{ kind: 'allocate' }]));

    it('allocated and requested: nothing until the warehouse packs', () => {
      expect(stepsAfter(...requested(), confirmed)).toEqual([]);
      expect(stepsAfter(...requested(), fulfillmentPicked('F1'), confirmed)).toEqual([]);
    });

    it('packed: buy the label', () => expect(stepsAfter(...packed(), confirmed)).toEqual([{ kind: 'label', fulfillmentId: 'F1' }]));

    it('labelled: nothing until it ships', () => expect(stepsAfter(...labelled(), confirmed)).toEqual([]));

    it('shipped: tell the customer and capture that part', () =>
      expect(stepsAfter(...shipped(), confirmed)).toEqual([notify('shipped', 'F1'), { kind: 'capture', fulfillmentId: 'F1' }]));

    it('shipped, told and captured: nothing', () =>
      expect(stepsAfter(...shipped(), confirmed, customerNotified('shipped', 'F1'), paymentCaptured('F1'))).toEqual([]));

    it('delivered: tell the customer, once', () => {
      const done = [...delivered(), confirmed, customerNotified('shipped', 'F1'), paymentCaptured('F1')];
      expect(stepsAfter(...done)).toEqual([notify('delivered', 'F1')]);
      expect(stepsAfter(...done, customerNotified('delivered', 'F1'))).toEqual([]);
    });
  });

  describe('orders that stop', () => {
    it('rejected: tell the customer why, nothing else', () => {
      expect(stepsAfter(...placed(), orderRejected())).toEqual([notify('confirmation'), notify('rejected')]);
      expect(stepsAfter(...placed(), orderRejected(), ...told(['confirmation'], ['rejected']))).toEqual([]);
    });

    it('payment failed: tell the customer, reserve nothing', () => {
      expect(stepsAfter(...validated(), confirmed, paymentFailed())).toEqual([notify('payment_failed')]);
      expect(stepsAfter(...validated(), confirmed, paymentFailed(), customerNotified('payment_failed'))).toEqual([]);
    });
  });

  describe('backorders', () => {
    it('an attempt that reserved nothing: tell the customer once, do not allocate again (restocks retry)', () => {
      const waiting = [...authorized(), confirmed, linesBackordered('initial', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }, { lineId: 'L2', sku: 'SKU-B', quantity: 1 }])];
      expect(stepsAfter(...waiting)).toEqual([notify('backordered')]);
      expect(stepsAfter(...waiting, customerNotified('backordered'))).toEqual([]);
    });

    it('partly allocated: the part requested goes on, the rest waits, no second allocation', () => {
      const part = [alloc('L1', 'SKU-A', 'wh-1', 2)];
      const history = [
        ...authorized(),
        confirmed,
        inventoryAllocated('initial', part),
        linesBackordered('initial', [{ lineId: 'L2', sku: 'SKU-B', quantity: 1 }]),
        fulfillmentRequested('F1', 'wh-1', part, undefined, 'initial'),
        customerNotified('backordered'),
      ];
      expect(stepsAfter(...history)).toEqual([]);
      expect(stepsAfter(...history, fulfillmentPicked('F1'), fulfillmentPacked('F1'))).toEqual([{ kind: 'label', fulfillmentId: 'F1' }]);
    });

    it('no backorder notice is owed once allocation caught up before it was sent', () => {
      const waiting = [...authorized(), confirmed, linesBackordered('initial', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }, { lineId: 'L2', sku: 'SKU-B', quantity: 1 }])];
      const caughtUp = [alloc('L1', 'SKU-A', 'wh-1', 2), alloc('L2', 'SKU-B', 'wh-1', 1)];
      expect(stepsAfter(...waiting, inventoryAllocated('restock:e1', caughtUp), fulfillmentRequested('F1', 'wh-1', caughtUp, undefined, 'restock:e1'))).toEqual([]);
    });
  });

  describe('hold', () => {
    it('a held order is not validated, authorized, allocated or labelled, but is still confirmed', () => {
      expect(stepsAfter(...placed(), orderHeld())).toEqual([notify('confirmation')]);
      expect(stepsAfter(...validated(), confirmed, orderHeld())).toEqual([]);
      expect(stepsAfter(...authorized(), confirmed, orderHeld())).toEqual([]);
      expect(stepsAfter(...packed(), confirmed, orderHeld())).toEqual([]);
    });

    it('a released order carries on where it stopped', () => {
      expect(stepsAfter(...authorized(), confirmed, orderHeld(), orderReleased())).toEqual([{ kind: 'allocate' }]);
      expect(stepsAfter(...packed(), confirmed, orderHeld(), orderReleased())).toEqual([{ kind: 'label', fulfillmentId: 'F1' }]);
    });

    it('money already taken and the customer are still looked after while held', () => {
      // F1 shipped, F2 still to pack: held between the two shipments.
      const f1 = [alloc('L1', 'SKU-A', 'wh-1', 2)];
      const f2 = [alloc('L2', 'SKU-B', 'wh-2', 1)];
      const history = [
        ...authorized(),
        confirmed,
        inventoryAllocated('initial', [...f1, ...f2]),
        fulfillmentRequested('F1', 'wh-1', f1, undefined, 'initial'),
        fulfillmentRequested('F2', 'wh-2', f2, undefined, 'initial'),
        fulfillmentPicked('F1'),
        fulfillmentPacked('F1'),
        shipmentLabelCreated('F1'),
        fulfillmentShipped('F1'),
        fulfillmentPicked('F2'),
        fulfillmentPacked('F2'),
        orderHeld(),
      ];
      expect(stepsAfter(...history)).toEqual([notify('shipped', 'F1'), { kind: 'capture', fulfillmentId: 'F1' }]);
    });
  });

  describe('cancellation', () => {
    it('cancelled after authorization: void it and tell the customer', () => {
      expect(stepsAfter(...requested(), confirmed, orderCancelled())).toEqual([notify('cancelled'), { kind: 'void' }]);
    });

    it('cancelled, voided and told: nothing more', () => {
      expect(stepsAfter(...requested(), confirmed, orderCancelled(), paymentVoided(), customerNotified('cancelled'))).toEqual([]);
    });

    it('cancelled before any authorization: no void', () => {
      expect(stepsAfter(...placed(), confirmed, orderCancelled())).toEqual([notify('cancelled')]);
    });

    it('cancelled while backordered: the cancellation notice replaces the backorder notice', () => {
      const waiting = [...authorized(), confirmed, linesBackordered('initial', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }])];
      expect(stepsAfter(...waiting, orderCancelled())).toEqual([notify('cancelled'), { kind: 'void' }]);
    });

    it('a cancelled order is never validated, authorized or allocated', () => {
      for (const history of [placed(), validated(), authorized()]) {
        const kinds = stepsAfter(...history, orderCancelled()).map((s) => s.kind);
        expect(kinds).not.toContain('validate');
        expect(kinds).not.toContain('authorize');
        expect(kinds).not.toContain('allocate');
      }
    });
  });

  describe('split shipments', () => {
    const f1 = [alloc('L1', 'SKU-A', 'wh-1', 2)];
    const f2 = [alloc('L2', 'SKU-B', 'wh-2', 1)];
    const bothShipped = [
      ...authorized(),
      confirmed,
      inventoryAllocated('initial', [...f1, ...f2]),
      fulfillmentRequested('F1', 'wh-1', f1, undefined, 'initial'),
      fulfillmentRequested('F2', 'wh-2', f2, undefined, 'initial'),
      ...['F1', 'F2'].flatMap((f) => [fulfillmentPicked(f), fulfillmentPacked(f), shipmentLabelCreated(f), fulfillmentShipped(f)]),
    ];

    it('each packed fulfilment gets its own label', () => {
      const bothPacked = bothShipped.filter((e) => e.type !== 'ShipmentLabelCreated' && e.type !== 'FulfillmentShipped');
      expect(stepsAfter(...bothPacked)).toEqual([
        { kind: 'label', fulfillmentId: 'F1' },
        { kind: 'label', fulfillmentId: 'F2' },
      ]);
    });

    it('each shipment is announced, but captured one at a time: the first capture carries the shipping cost', () => {
      expect(stepsAfter(...bothShipped)).toEqual([notify('shipped', 'F1'), notify('shipped', 'F2'), { kind: 'capture', fulfillmentId: 'F1' }]);
      expect(stepsAfter(...bothShipped, paymentCaptured('F1', 2499))).toEqual([
        notify('shipped', 'F1'),
        notify('shipped', 'F2'),
        { kind: 'capture', fulfillmentId: 'F2' },
      ]);
      expect(stepsAfter(...bothShipped, paymentCaptured('F1', 2499), paymentCaptured('F2', 500), ...told(['shipped', 'F1'], ['shipped', 'F2']))).toEqual([]);
    });
  });

  it('owes each notification once: none that was recorded comes back, and keys never repeat', () => {
    const histories: OrderEvent[][] = [placed(), validated(), authorized(), requested(), packed(), labelled(), shipped(), delivered()];
    for (const history of histories) {
      const owed = stepsAfter(...history).filter((s): s is Extract<NextStep, { kind: 'notify' }> => s.kind === 'notify');
      const keys = owed.map((s) => `${s.notification}:${s.key}`);
      expect(new Set(keys).size).toBe(keys.length);
      const afterSending = [...history, ...owed.map((s) => customerNotified(s.notification, s.key))];
      expect(stepsAfter(...afterSending).filter((s) => s.kind === 'notify')).toEqual([]);
      // and sending any of them again (a redelivered job) changes nothing
      expect(stepsAfter(...afterSending, ...owed.map((s) => customerNotified(s.notification, s.key)))).toEqual(stepsAfter(...afterSending));
    }
  });
});
