import { channelCancelJob } from '../../../src/commands/channels/channel-cancel-job';
import { jobFor } from '../../../src/commands/workflow/workflow-jobs';
import {
  isStep,
  react,
  stepKey,
  StepContext,
  VisitCause,
  WorkflowIntent,
} from '../../../src/commands/workflow/workflow-reactor';
import { NextStep, OrderEvent } from '../../../src/domain/order';
import { StockEvent } from '../../../src/domain/stock';
import { given } from '../../support/reactor-spec';
import {
  ALL_AT_WH1,
  authorized,
  customerNotified,
  fulfillmentDelivered,
  fulfillmentShipped,
  inventoryAllocated,
  linesBackordered,
  orderAfter,
  orderCancelled,
  orderHeld,
  orderPlaced,
  orderValidated,
  orderReleased,
  ORDER_ID,
  packed,
  pickupPacked,
  placed,
  requested,
  shipped,
  t,
  validated,
} from '../order/order-builders';

/** An event as the log delivers it: with the id and correlation the reactor names its intents after. */
const logged = <E extends OrderEvent | StockEvent>(event: E, eventId = `ev-${event.type}`, actor = 'admin:key-1') => ({
  ...event,
  metadata: { eventId, correlationId: 'corr-1', actor },
});
const orderEvents = (...events: OrderEvent[]): VisitCause => ({ type: 'OrderEventsLogged', events: events.map((e) => logged(e)) });
const orderEventBy = (actor: string, event: OrderEvent): VisitCause => ({ type: 'OrderEventsLogged', events: [logged(event, undefined, actor)] });
const contextOf = (event: OrderEvent): StepContext => ({ correlationId: 'corr-1', causationId: `ev-${event.type}` });

const jobs = (steps: NextStep[], rerunFailed = false): WorkflowIntent => ({
  kind: 'enqueueJobs',
  jobs: steps.map((step) => jobFor(ORDER_ID, step)!),
  rerunFailed,
});
const notify = (notification: 'confirmation' | 'backordered' | 'cancelled', key = 'order'): NextStep => ({ kind: 'notify', notification, key });
const open = (isOpen: boolean, durably = false): WorkflowIntent => ({ kind: 'markOpen', orderId: ORDER_ID, open: isOpen, durably });
const listed = (waiting: string[]): WorkflowIntent => ({
  kind: 'listBackorders',
  orderId: ORDER_ID,
  placedAt: t(0),
  waiting,
  skus: ['SKU-A', 'SKU-B'],
});
const reservationOf = (lineId: string, allocationId = 'alloc-1') => `${ORDER_ID}:${allocationId}:${lineId}`;
const confirmed = customerNotified('confirmation');

const stockEvent = (event: StockEvent) => ({ type: 'StockEventLogged' as const, event: logged(event, 'ev-stock') });
const received: StockEvent = { type: 'StockReceived', data: { locationId: 'wh-1', sku: 'SKU-A', quantity: 5, reference: 'PO-1', receivedAt: t(9) } };

describe('react: the order workflow as a pure function from an event and the order to intents', () => {
  describe('along the happy path', () => {
    it('placed: the confirmation as a job, then validation as a step', () => {
      const [event] = placed();
      given(...placed())
        .when(orderEvents(event!))
        .then([jobs([notify('confirmation')]), { kind: 'validate', orderId: ORDER_ID, context: contextOf(event!) }]);
    });

    it('validated by the step: payment is a job, so the visit settles with the order open', () => {
      const cause = orderEvents(placed()[0]!);
      given(...validated())
        .when({ type: 'StepsTaken', cause, taken: ['validate'], recorded: ['validate'] })
        .then([jobs([notify('confirmation'), { kind: 'authorize' }]), open(true)]);
    });

    it('authorized: the first allocation attempt, which records even an outcome that reserved nothing', () => {
      const event = authorized().at(-1)!;
      given(...authorized(), confirmed)
        .when(orderEvents(event))
        .then([{ kind: 'allocate', orderId: ORDER_ID, allocationId: 'initial', recordWhenNothingReserved: true, context: contextOf(event) }]);
    });

    it('allocated: nothing owed until the warehouse packs, the order is closed and listed under no SKU', () => {
      const event = inventoryAllocated('alloc-1', ALL_AT_WH1);
      given(...requested(), confirmed)
        .when(orderEvents(event))
        .then([open(false), listed([])]);
    });

    it('shipped: its reservations are committed, then the capture and the message are jobs', () => {
      const event = fulfillmentShipped('F1');
      const context = contextOf(event);
      given(...shipped(), confirmed)
        .when(orderEvents(event))
        .then([
          { kind: 'commitReservation', locationId: 'wh-1', sku: 'SKU-A', reservationId: reservationOf('L1'), context },
          { kind: 'commitReservation', locationId: 'wh-1', sku: 'SKU-B', reservationId: reservationOf('L2'), context },
          jobs([{ kind: 'notify', notification: 'shipped', key: 'F1' }, { kind: 'capture', fulfillmentId: 'F1' }]),
          open(true),
        ]);
    });

    it('delivered to the door: nothing more is committed (shipping did it)', () => {
      const intents = given(...shipped(), fulfillmentDelivered('F1'), confirmed)
        .when(orderEvents(fulfillmentDelivered('F1')))
        .intents();
      expect(intents.filter((intent) => intent.kind === 'commitReservation')).toEqual([]);
    });

    it('collected at the store: the pickup order commits its units then', () => {
      const history = [...pickupPacked(), fulfillmentDelivered('F1')];
      const intents = given(...history).when(orderEvents(fulfillmentDelivered('F1'))).intents();
      expect(intents.filter((intent) => intent.kind === 'commitReservation').map((intent) => intent.kind === 'commitReservation' && intent.reservationId)).toEqual([
        reservationOf('L1'),
        reservationOf('L2'),
      ]);
    });

    it('a packed pickup fulfilment is marked ready as a step', () => {
      const event = pickupPacked().at(-1)!;
      given(...pickupPacked(), confirmed)
        .when(orderEvents(event))
        .then([{ kind: 'markReadyForPickup', orderId: ORDER_ID, fulfillmentId: 'F1', context: contextOf(event) }]);
    });

    it('a packed parcel needs its label, a job', () => {
      given(...packed(), confirmed)
        .when(orderEvents(packed().at(-1)!))
        .then([jobs([{ kind: 'label', fulfillmentId: 'F1' }]), open(true)]);
    });
  });

  describe('a visit ends by rule: a step is taken at most once per visit', () => {
    it('a validation that changed nothing (refused) is not asked again within the visit', () => {
      given(...placed(), confirmed)
        .when({ type: 'StepsTaken', cause: orderEvents(placed()[0]!), taken: ['validate'], recorded: [] })
        .then([open(true)]);
    });

    it('feeding back an order that never moves ends after each step was taken once', () => {
      for (const history of [placed(), authorized(), pickupPacked()]) {
        const order = orderAfter(history);
        const cause = orderEvents(history.at(-1)!);
        const taken: string[] = [];
        let intents = react(cause, order);
        let visits = 1;
        while (intents.some(isStep)) {
          taken.push(...intents.filter(isStep).map(stepKey));
          intents = react({ type: 'StepsTaken', cause, taken, recorded: [] }, order);
          visits++;
        }
        expect(visits).toBe(2);
        expect(intents.at(-1)).toEqual(open(true));
      }
    });

    it('steps asked for by an event come first: the order is asked only once they are taken', () => {
      const history = [...authorized(), confirmed, linesBackordered('initial', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }]), orderHeld(), orderReleased()];
      const event = orderReleased();
      given(...history)
        .when(orderEvents(event))
        .then([
          { kind: 'allocate', orderId: ORDER_ID, allocationId: 'release:ev-OrderReleased', recordWhenNothingReserved: false, context: contextOf(event) },
        ]);
    });
  });

  describe('cancellation', () => {
    it('releases every unshipped reservation as cancelled, then asks for the void and the message', () => {
      const event = orderCancelled();
      const context = contextOf(event);
      given(...requested(), confirmed, event)
        .when(orderEvents(event))
        .then([
          { kind: 'releaseReservation', locationId: 'wh-1', sku: 'SKU-A', reservationId: reservationOf('L1'), reason: 'cancelled', context },
          { kind: 'releaseReservation', locationId: 'wh-1', sku: 'SKU-B', reservationId: reservationOf('L2'), reason: 'cancelled', context },
          jobs([notify('cancelled'), { kind: 'void' }]),
          open(true),
          listed([]),
        ]);
    });
  });

  describe('cancelled in the OMS, an order the storefront took payment for is cancelled in the storefront too', () => {
    const storefrontOrder = (channel: string, method = 'external') => [
      orderPlaced({ channel, externalRef: '820982911946154508', payment: { method } }),
      orderValidated(),
    ];
    const channelJobsOf = (intents: WorkflowIntent[]) =>
      intents.flatMap((intent) => (intent.kind === 'enqueueJobs' ? intent.jobs : [])).filter((job) => job.name === 'channel.cancel');

    it.each(['shopify', 'woocommerce', 'magento'] as const)('cancelled by an admin: a %s order asks for one channel.cancel job', (platform) => {
      const event = orderCancelled('customer called');
      const intents = given(...storefrontOrder(platform), event)
        .when(orderEventBy('admin:key-1', event))
        .intents();
      expect(channelJobsOf(intents)).toEqual([channelCancelJob(ORDER_ID, platform, 'customer called')]);
      expect(channelCancelJob(ORDER_ID, platform, 'customer called').id).toBe(`channel-cancel:${ORDER_ID}`);
    });

    it('cancelled by a client key as well', () => {
      const event = orderCancelled();
      const intents = given(...storefrontOrder('shopify'), event).when(orderEventBy('client:key-2', event)).intents();
      expect(channelJobsOf(intents)).toHaveLength(1);
    });

    it('cancelled by the storefront itself (its integration): nothing to tell it', () => {
      const event = orderCancelled();
      const intents = given(...storefrontOrder('shopify'), event).when(orderEventBy('integration:shopify', event)).intents();
      expect(channelJobsOf(intents)).toEqual([]);
    });

    it('another integration cancelling it still tells the storefront', () => {
      const event = orderCancelled();
      const intents = given(...storefrontOrder('woocommerce'), event).when(orderEventBy('integration:shopify', event)).intents();
      expect(channelJobsOf(intents)).toHaveLength(1);
    });

    it('a card-paid order (our gateway voids it), or one from a channel that is no storefront platform, asks for no channel job', () => {
      const event = orderCancelled();
      for (const history of [storefrontOrder('shopify', 'card'), storefrontOrder('web')]) {
        expect(channelJobsOf(given(...history, event).when(orderEventBy('admin:key-1', event)).intents())).toEqual([]);
      }
    });
  });

  describe('backorders', () => {
    const backordered = [...authorized(), confirmed, linesBackordered('initial', [{ lineId: 'L1', sku: 'SKU-A', quantity: 2 }])];

    it('lines that start waiting look for free units of their SKU, and the order is listed under it', () => {
      const event = backordered.at(-1)!;
      given(...backordered)
        .when(orderEvents(event))
        .then([
          { kind: 'retryBackorders', sku: 'SKU-A', trigger: { eventId: 'ev-LinesBackordered', correlationId: 'corr-1' } },
          jobs([notify('backordered')]),
          open(true),
          listed(['SKU-A']),
        ]);
    });

    it.each<[string, StockEvent]>([
      ['a receipt', received],
      ['a released reservation', { type: 'ReservationReleased', data: { locationId: 'wh-1', sku: 'SKU-A', reservationId: 'r', orderId: 'o', quantity: 1, reason: 'cancelled', releasedAt: t(9) } }],
      ['a positive adjustment', { type: 'StockAdjusted', data: { locationId: 'wh-1', sku: 'SKU-A', delta: 3, reason: 'found', adjustedAt: t(9) } }],
    ])('%s retries the orders waiting for the SKU', (_, event) => {
      given().when(stockEvent(event)).then([{ kind: 'retryBackorders', sku: 'SKU-A', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } }]);
    });

    it('stock taken away frees nothing', () => {
      given()
        .when(stockEvent({ type: 'StockAdjusted', data: { locationId: 'wh-1', sku: 'SKU-A', delta: -3, reason: 'damaged', adjustedAt: t(9) } }))
        .then([]);
    });

    it('a waiting order is marked open durably, then tried again under an id named after the restock', () => {
      given(...backordered)
        .when({ type: 'BackorderDue', sku: 'SKU-A', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } })
        .then([
          open(true, true),
          {
            kind: 'allocate',
            orderId: ORDER_ID,
            allocationId: 'restock:ev-stock',
            recordWhenNothingReserved: false,
            context: { correlationId: 'corr-1', causationId: 'ev-stock' },
          },
        ]);
    });

    it('after the retry the order is marked and listed as it now stands; its events come back through the log', () => {
      const cause: VisitCause = { type: 'BackorderDue', sku: 'SKU-A', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } };
      const allocated = inventoryAllocated('restock:ev-stock', [{ lineId: 'L1', sku: 'SKU-A', locationId: 'wh-1', quantity: 2, bin: null }]);
      given(...backordered, customerNotified('backordered'), allocated)
        .when({ type: 'StepsTaken', cause, taken: ['allocate:restock:ev-stock'], recorded: ['allocate:restock:ev-stock'] })
        .then([open(false), listed([])]);
    });

    it('a retry that recorded nothing leaves the listing as the retry found it', () => {
      const cause: VisitCause = { type: 'BackorderDue', sku: 'SKU-A', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } };
      given(...backordered, customerNotified('backordered'))
        .when({ type: 'StepsTaken', cause, taken: ['allocate:restock:ev-stock'], recorded: [] })
        .then([open(false)]);
    });

    it.each<[string, OrderEvent[]]>([
      ['held', [orderHeld()]],
      ['cancelled', [orderCancelled()]],
    ])('a %s order is not retried, only listed as it stands', (_, more) => {
      const intents = given(...backordered, ...more)
        .when({ type: 'BackorderDue', sku: 'SKU-A', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } })
        .intents();
      expect(intents.map((intent) => intent.kind)).toEqual(['listBackorders']);
    });

    it('an order that waits for another SKU is not retried for this one', () => {
      given(...backordered)
        .when({ type: 'BackorderDue', sku: 'SKU-B', trigger: { eventId: 'ev-stock', correlationId: 'corr-1' } })
        .then([listed(['SKU-A'])]);
    });
  });

  describe('after a restart', () => {
    const restarted = (held: { locationId: string; sku: string; reservationId: string }[]): VisitCause => ({ type: 'ProcessRestarted', held });
    const recovery: StepContext = { correlationId: ORDER_ID, causationId: null };

    it('commits what shipped, releases what no recorded attempt explains, keeps the first attempt and other orders', () => {
      given(...shipped(), confirmed)
        .when(
          restarted([
            { locationId: 'wh-1', sku: 'SKU-A', reservationId: reservationOf('L1') },
            { locationId: 'wh-2', sku: 'SKU-A', reservationId: reservationOf('L1', 'restock:gone') },
            { locationId: 'wh-2', sku: 'SKU-B', reservationId: reservationOf('L2', 'initial') },
            { locationId: 'wh-2', sku: 'SKU-B', reservationId: 'another-order:initial:L1' },
          ]),
        )
        .then([
          { kind: 'commitReservation', locationId: 'wh-1', sku: 'SKU-A', reservationId: reservationOf('L1'), context: recovery },
          { kind: 'commitReservation', locationId: 'wh-1', sku: 'SKU-B', reservationId: reservationOf('L2'), context: recovery },
          {
            kind: 'releaseReservation',
            locationId: 'wh-2',
            sku: 'SKU-A',
            reservationId: reservationOf('L1', 'restock:gone'),
            reason: 'orphaned_reservation',
            context: recovery,
          },
          jobs([{ kind: 'notify', notification: 'shipped', key: 'F1' }, { kind: 'capture', fulfillmentId: 'F1' }], true),
          open(true),
          listed([]),
        ]);
    });

    it('a cancelled order gives back everything it still holds, with the true reason', () => {
      const intents = given(...requested(), confirmed, orderCancelled())
        .when(restarted([{ locationId: 'wh-1', sku: 'SKU-A', reservationId: reservationOf('L1', 'initial') }]))
        .intents();
      expect(intents.filter((intent) => intent.kind === 'releaseReservation')).toEqual([
        {
          kind: 'releaseReservation',
          locationId: 'wh-1',
          sku: 'SKU-A',
          reservationId: reservationOf('L1', 'initial'),
          reason: 'cancelled',
          context: recovery,
        },
      ]);
    });
  });

  it('an order that does not exist asks for nothing', () => {
    given().when({ type: 'ProcessRestarted', held: [] }).then([]);
    given().when({ type: 'BackorderDue', sku: 'SKU-A', trigger: { eventId: 'e', correlationId: 'c' } }).then([]);
  });
});
