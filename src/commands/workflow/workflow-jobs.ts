import { locationStreamId } from '../../domain/location';
import {
  captureAmountFor,
  NextStep,
  Notification as NotificationKind,
  Order,
  OrderCommand,
  orderStreamId,
  orderTotals,
  isPickup,
} from '../../domain/order';
import { DomainError } from '../../domain/kernel/domain-error';
import { Carrier, CarrierError } from '../../infrastructure/carriers/carrier';
import { EventStore } from '../../infrastructure/eventstore/event-store';
import { JobHandler, JobQueue, JobRequest, UnrecoverableJobError } from '../../infrastructure/jobs/job-queue';
import { Notification, NotificationOrders, Notifier } from '../../infrastructure/notifications/notifier';
import { Logger } from '../../infrastructure/observability/logger';
import { PaymentDeclined, PaymentGateway } from '../../infrastructure/payments/payment-gateway';
import { PaymentSecrets } from '../../infrastructure/secrets/payment-secrets';
import { catalogProducts } from '../catalog-products';
import { CommandHandlers } from '../command-handlers';
import { parcelsFor } from '../shipping/parcels';
import { placedOrderOf } from './placed-order';
import { retryOrGiveUp } from './retry-or-give-up';

export type WorkflowPorts = { payments: PaymentGateway; carrier: Carrier; notifier: Notifier };

type JobDependencies = {
  handlers: CommandHandlers;
  /** The log, for what the order's decision state does not keep (the full shipping address). */
  events: EventStore;
  ports: WorkflowPorts;
  /** Where each order's card token waits for its authorization. */
  secrets: PaymentSecrets;
  now: () => Date;
  logger: Logger;
  /** Told how each job ended, for metrics. */
  onJob?: (name: string, outcome: 'done' | 'failed') => void;
  /** Told when a shipment meets an exception, for the alert metric. */
  onDeliveryException?: (exception: DeliveryExceptionAlert) => void;
};

export type DeliveryExceptionAlert = { orderId: string; fulfillmentId: string; stage: 'label' | 'delivery'; code: string };

type OrderJob = { orderId: string; fulfillmentId?: string; notification?: NotificationKind; key?: string };

export const WORKFLOW_JOBS = {
  authorize: 'payment.authorize',
  capture: 'payment.capture',
  void: 'payment.void',
  label: 'carrier.label',
  notify: 'customer.notify',
} as const;

/** The job that carries out a step, with an id derived from the order and the step, so it runs once. */
export const jobFor = (orderId: string, step: NextStep): JobRequest | null => {
  switch (step.kind) {
    case 'authorize':
      return { name: WORKFLOW_JOBS.authorize, id: `authorize:${orderId}`, data: { orderId } };
    case 'void':
      return { name: WORKFLOW_JOBS.void, id: `void:${orderId}`, data: { orderId } };
    case 'capture':
      return { name: WORKFLOW_JOBS.capture, id: `capture:${orderId}:${step.fulfillmentId}`, data: { orderId, fulfillmentId: step.fulfillmentId } };
    case 'label':
      return { name: WORKFLOW_JOBS.label, id: `label:${orderId}:${step.fulfillmentId}`, data: { orderId, fulfillmentId: step.fulfillmentId } };
    case 'notify':
      return {
        name: WORKFLOW_JOBS.notify,
        id: `notify:${orderId}:${step.notification}:${step.key}`,
        data: { orderId, notification: step.notification, key: step.key },
      };
    case 'validate':
    case 'allocate':
    case 'readyForPickup':
      return null;
  }
};

const ACTOR = 'system:workflow';

/**
 * The side effects of the workflow. Each job reads the order, calls its port
 * with an idempotency key derived from the job, and records the outcome as a
 * command; transient port errors are retried by the queue, permanent ones
 * are recorded (a declined card) or logged.
 */
export function registerWorkflowJobs(queue: JobQueue, deps: JobDependencies): void {
  const { handlers, events, ports, secrets, now, logger } = deps;
  const process = (name: string, handler: JobHandler) =>
    queue.process(name, async (data, meta) => {
      await handler(data, meta);
      deps.onJob?.(name, 'done');
    });

  const orderOf = async (orderId: string): Promise<Order | null> => {
    const { state } = await handlers.orders.load(orderStreamId(orderId));
    return state.exists ? state : null;
  };
  const record = (orderId: string, command: OrderCommand, jobId: string) =>
    handlers.orders.handle(orderStreamId(orderId), command, {
      actor: ACTOR,
      correlationId: orderId,
      causationId: jobId,
      eventIdSeed: `job:${jobId}`,
    });
  const at = () => now().toISOString();

  /** The catalog's name of every product the order lists: customers know products by name, not by SKU. */
  const productNamesOf = async (order: Order): Promise<ProductNames> => {
    const products = await catalogProducts(handlers, order.lines.map((line) => line.sku));
    return new Map([...products].map(([sku, product]) => [sku, product.exists ? product.name : null]));
  };
  const storeOf = async (order: Order, fulfillmentId: string): Promise<Store | null> => {
    const fulfillment = order.fulfillments[fulfillmentId];
    if (!fulfillment) return null;
    const { state } = await handlers.locations.load(locationStreamId(fulfillment.locationId));
    return state.exists ? { name: state.name, city: state.address.city, postalCode: state.address.postalCode } : null;
  };

  process(WORKFLOW_JOBS.authorize, async (data, meta) => {
    const { orderId } = data as OrderJob;
    const order = await orderOf(orderId);
    if (!order || order.validation !== 'validated') return;
    // Cancelled while this job waited (a retry's backoff, a busy queue): put no hold on the card.
    // Decided already (a retry after the outcome was recorded): the token has done its work.
    if (order.cancelled || order.payment.status !== 'none') return secrets.erase(orderId);
    const token = await secrets.read(orderId);
    if (token === null) {
      const reason = 'no payment token is kept for this order: none was sent, or it expired before the payment could be authorized';
      await record(orderId, { type: 'RecordPaymentFailed', data: { code: 'payment_token_unavailable', reason, at: at() } }, meta.id);
      return;
    }
    const amount = orderTotals(order).grand;
    try {
      const authorization = await ports.payments.authorize({ idempotencyKey: meta.id, amount, currency: order.currency, token, orderId });
      try {
        await record(orderId, { type: 'RecordPaymentAuthorized', data: { ...authorization, at: at() } }, meta.id);
      } catch (error) {
        // Cancelled while the gateway answered: release the hold on the customer's card.
        if (!(error instanceof DomainError)) throw error;
        await ports.payments.void({ idempotencyKey: `void:${orderId}`, authorizationId: authorization.authorizationId });
      }
    } catch (error) {
      if (!(error instanceof PaymentDeclined)) return retryOrGiveUp(error);
      await record(orderId, { type: 'RecordPaymentFailed', data: { code: error.declineCode, reason: error.reason, at: at() } }, meta.id);
    }
    // Only once the outcome is recorded: a crash before this retries the job, and the gateway answers it again by its key.
    await secrets.erase(orderId);
  });

  process(WORKFLOW_JOBS.capture, async (data, meta) => {
    const { orderId, fulfillmentId } = data as Required<Pick<OrderJob, 'orderId' | 'fulfillmentId'>>;
    const order = await orderOf(orderId);
    if (!order || order.payment.authorizationId === null) return;
    if (order.payment.capturedFulfillments.some((c) => c.fulfillmentId === fulfillmentId)) return;
    const amount = captureAmountFor(order, fulfillmentId);
    // A gateway refuses to capture 0 (and would refuse it on every retry): record that nothing was owed instead.
    if (amount === 0) {
      await record(orderId, { type: 'RecordPaymentCaptureSkipped', data: { fulfillmentId, at: at() } }, meta.id);
      return;
    }
    try {
      const capture = await ports.payments.capture({ idempotencyKey: meta.id, authorizationId: order.payment.authorizationId, amount });
      await record(orderId, { type: 'RecordPaymentCaptured', data: { fulfillmentId, ...capture, at: at() } }, meta.id);
    } catch (error) {
      retryOrGiveUp(error);
    }
  });

  process(WORKFLOW_JOBS.void, async (data, meta) => {
    const { orderId } = data as OrderJob;
    const order = await orderOf(orderId);
    const authorizationId = order?.payment.authorizationId;
    if (!order || !authorizationId || order.payment.status !== 'authorized') return;
    try {
      const { voidedAmount } = await ports.payments.void({ idempotencyKey: meta.id, authorizationId });
      await record(orderId, { type: 'RecordPaymentVoided', data: { authorizationId, amount: voidedAmount, at: at() } }, meta.id);
    } catch (error) {
      retryOrGiveUp(error);
    }
  });

  process(WORKFLOW_JOBS.label, async (data, meta) => {
    const { orderId, fulfillmentId } = data as Required<Pick<OrderJob, 'orderId' | 'fulfillmentId'>>;
    const order = await orderOf(orderId);
    const fulfillment = order?.fulfillments[fulfillmentId];
    if (!order || order.cancelled || isPickup(order) || !fulfillment || fulfillment.label) return; // nothing will ship
    const { state: location } = await handlers.locations.load(locationStreamId(fulfillment.locationId));
    if (!location.exists) throw new UnrecoverableJobError(`location ${fulfillment.locationId} is unknown`);
    const placed = await placedOrderOf(events, orderId);
    if (!placed) throw new UnrecoverableJobError(`order ${orderId} has no OrderPlaced event`);
    const units = fulfillment.lines.reduce((sum, line) => sum + line.quantity, 0);
    try {
      const label = await ports.carrier.createLabel({
        idempotencyKey: meta.id,
        orderId,
        fulfillmentId,
        shipFrom: {
          locationId: location.locationId,
          name: location.name,
          country: location.address.country,
          postalCode: location.address.postalCode,
          city: location.address.city,
          region: location.address.region,
        },
        shipTo: placed.shippingAddress,
        parcels: parcelsFor(units),
        service: order.shippingMethod,
      });
      await record(orderId, { type: 'RecordShipmentLabel', data: { fulfillmentId, ...label, at: at() } }, meta.id);
    } catch (error) {
      if (!(error instanceof CarrierError) || error.transient) return retryOrGiveUp(error);
      // The carrier will refuse this label every time: put it on the order, where someone can act on it.
      const exception = { fulfillmentId, stage: 'label' as const, code: error.code, reason: error.message };
      await record(orderId, { type: 'RecordDeliveryException', data: { ...exception, at: at() } }, meta.id);
      logger.warn({ orderId, ...exception }, 'no label could be bought for a fulfilment');
      deps.onDeliveryException?.({ orderId, ...exception });
    }
  });

  process(WORKFLOW_JOBS.notify, async (data, meta) => {
    const { orderId, notification, key } = data as Required<Pick<OrderJob, 'orderId' | 'notification' | 'key'>>;
    const order = await orderOf(orderId);
    if (!order || order.notifications[`${notification}:${key}`]) return;
    const details = { productNames: await productNamesOf(order), store: notification === 'ready_for_pickup' ? await storeOf(order, key) : null };
    try {
      const { messageId } = await ports.notifier.send(notificationFor(order, notification, key, meta.id, details));
      await record(
        orderId,
        { type: 'RecordCustomerNotified', data: { notification, key, recipient: order.customer.email, messageId, at: at() } },
        meta.id,
      );
    } catch (error) {
      retryOrGiveUp(error);
    }
  });

  queue.onFailed(async (failure) => {
    deps.onJob?.(failure.name, 'failed');
    logger.error({ job: failure.name, jobId: failure.id, attempts: failure.attempts, err: failure.error }, 'job failed for good');
    // A gateway that never answered: the customer must pay another way, as with a decline.
    if (failure.name === WORKFLOW_JOBS.authorize) {
      const { orderId } = failure.data as OrderJob;
      await record(
        orderId,
        { type: 'RecordPaymentFailed', data: { code: 'gateway_unavailable', reason: failure.error.message, at: at() } },
        `${failure.id}:failed`,
      )
        .then(() => secrets.erase(orderId))
        .catch((error: unknown) => logger.warn({ err: error, orderId }, 'could not record the payment failure'));
    }
  });
}

type ProductNames = Map<string, string | null>;
type Store = NotificationOrders['ready_for_pickup']['store'];
type NotificationDetails = { productNames: ProductNames; store: Store | null };

const named = (names: ProductNames) => (line: { sku: string; quantity: number }) => ({
  sku: line.sku,
  name: names.get(line.sku) ?? null,
  quantity: line.quantity,
});

const summaryOf = (order: Order, names: ProductNames) => ({
  orderId: order.orderId,
  currency: order.currency,
  lines: order.lines.map(({ sku, quantity, unitPrice }) => ({ ...named(names)({ sku, quantity }), unitPrice })),
  totals: orderTotals(order),
});

function notificationFor(order: Order, kind: NotificationKind, key: string, idempotencyKey: string, details: NotificationDetails): Notification {
  const to = { email: order.customer.email, name: order.customer.name, phone: order.customer.phone, notify: order.customer.notify };
  const base = { idempotencyKey, to };
  const { orderId } = order;
  const withNames = named(details.productNames);
  switch (kind) {
    case 'confirmation':
      return { ...base, kind, order: summaryOf(order, details.productNames) };
    case 'rejected':
      return { ...base, kind, order: { orderId, reasons: order.rejectionReasons } };
    case 'payment_failed':
      return { ...base, kind, order: { ...summaryOf(order, details.productNames), reason: order.payment.failure?.reason ?? 'payment failed' } };
    case 'backordered':
      return {
        ...base,
        kind,
        order: {
          orderId,
          backordered: order.lines.filter((l) => l.backordered > 0).map((l) => withNames({ sku: l.sku, quantity: l.backordered })),
        },
      };
    case 'shipped': {
      const f = order.fulfillments[key];
      return {
        ...base,
        kind,
        order: {
          orderId,
          carrier: f?.label?.carrier ?? 'carrier',
          trackingNumber: f?.label?.trackingNumber ?? 'unknown',
          lines: f?.lines.map(withNames) ?? [],
        },
      };
    }
    case 'ready_for_pickup': {
      const f = order.fulfillments[key];
      const store = details.store ?? { name: f?.locationId ?? 'the store', city: null, postalCode: '' };
      return { ...base, kind, order: { orderId, store, lines: f?.lines.map(withNames) ?? [] } };
    }
    case 'delivered': {
      const f = order.fulfillments[key];
      if (isPickup(order)) return { ...base, kind, order: { orderId, collected: true } };
      return { ...base, kind, order: { orderId, carrier: f?.label?.carrier ?? null, trackingNumber: f?.label?.trackingNumber ?? null } };
    }
    case 'cancelled':
      return { ...base, kind, order: { orderId, reason: order.cancelReason } };
    case 'delivery_exception': {
      // The key is `${fulfillmentId}:${code}` (deliveryExceptionKey).
      const f = order.fulfillments[key.split(':')[0]!];
      return {
        ...base,
        kind,
        order: {
          orderId,
          carrier: f?.label?.carrier ?? 'the carrier',
          trackingNumber: f?.label?.trackingNumber ?? 'unknown',
          reason: f?.exception?.reason ?? 'the parcel could not be delivered',
        },
      };
    }
  }
}
