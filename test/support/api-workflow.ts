import { Catalog, Order, orderStreamId, orderTotals } from '../../src/domain/order';
import { Oms } from '../../src/composition/oms';
import { stockStreamId } from '../../src/domain/stock';
import { settleOms, type TestApi } from './api-app';
import { placeOrder } from './api-fixtures';

/*
 * Moves an order through the steps the fulfilment process manager would take
 * (validate, authorize payment, allocate, label), by issuing its internal
 * commands straight to the order handler, so API tests do not depend on the
 * process manager. When one runs too, each step first lets it finish what it
 * is doing (settleOms) and is skipped when the order has taken it already.
 */

const context = { actor: 'test:workflow', correlationId: 'test-workflow' };
const at = () => new Date().toISOString();

async function orderState(oms: Oms, orderId: string): Promise<Order> {
  await settleOms(oms);
  const { state } = await oms.handlers.orders.load(orderStreamId(orderId));
  if (!state.exists) throw new Error(`no order ${orderId}`);
  return state;
}

/** ValidateOrder against a catalog that holds exactly the order's lines. */
export async function validateOrder(oms: Oms, orderId: string): Promise<void> {
  const order = await orderState(oms, orderId);
  if (order.validation !== 'pending') return;
  const catalog: Catalog = Object.fromEntries(
    order.lines.map((line) => [line.sku, { active: true, currency: order.currency, unitPrice: line.unitPrice }]),
  );
  await oms.handlers.orders.handle(orderStreamId(orderId), { type: 'ValidateOrder', data: { catalog, at: at() } }, context);
}

export async function authorizePayment(oms: Oms, orderId: string): Promise<void> {
  const order = await orderState(oms, orderId);
  if (order.payment.authorizationId !== null) return;
  await oms.handlers.orders.handle(
    orderStreamId(orderId),
    { type: 'RecordPaymentAuthorized', data: { authorizationId: `auth-${orderId}`, amount: orderTotals(order).grand, at: at() } },
    context,
  );
}

/** Allocates what is still unallocated of every line at one location; answers the order's fulfilment ids. */
export async function allocateOrder(oms: Oms, orderId: string, locationId = 'wh-1', bin: string | null = 'A-01'): Promise<string[]> {
  await validateOrder(oms, orderId);
  await authorizePayment(oms, orderId);
  const order = await orderState(oms, orderId);
  const allocations = order.lines
    .filter((line) => line.quantity > line.allocated)
    .map((line) => ({ lineId: line.lineId, sku: line.sku, locationId, quantity: line.quantity - line.allocated, bin }));
  if (allocations.length > 0) {
    await oms.handlers.orders.handle(
      orderStreamId(orderId),
      {
        type: 'RecordAllocation',
        data: {
          allocationId: `alloc-${orderId}`,
          allocations,
          decision: { strategy: 'priority', reason: 'test allocation', candidates: [] },
          at: at(),
        },
      },
      context,
    );
  }
  return Object.keys((await orderState(oms, orderId)).fulfillments);
}

/** RecordShipmentLabel for a packed fulfilment, as the carrier job would. */
export async function labelFulfillment(oms: Oms, orderId: string, fulfillmentId: string): Promise<void> {
  await oms.handlers.orders.handle(
    orderStreamId(orderId),
    {
      type: 'RecordShipmentLabel',
      data: {
        fulfillmentId,
        carrier: 'sandbox',
        service: 'ground',
        trackingNumber: `TRK-${orderId.slice(0, 8)}-${fulfillmentId}`,
        labelUrl: `https://labels.example/${orderId}/${fulfillmentId}.pdf`,
        cost: 599,
        at: at(),
      },
    },
    context,
  );
}

/** ReserveStock straight to the stock handler, as allocation would. */
export async function reserveStock(oms: Oms, reservation: { locationId: string; sku: string; quantity: number; orderId: string; reservationId?: string }) {
  const { locationId, sku, quantity, orderId } = reservation;
  const reservationId = reservation.reservationId ?? `res-${orderId}-${sku}`;
  await oms.handlers.stock.handle(
    stockStreamId(locationId, sku),
    { type: 'ReserveStock', data: { locationId, sku, reservationId, orderId, lineId: 'L1', quantity, at: at() } },
    context,
  );
  return reservationId;
}

export async function releaseReservation(oms: Oms, reservation: { locationId: string; sku: string; reservationId: string }) {
  await oms.handlers.stock.handle(
    stockStreamId(reservation.locationId, reservation.sku),
    { type: 'ReleaseReservation', data: { ...reservation, reason: 'cancelled', at: at() } },
    context,
  );
}

/** Takes an order already placed through allocation, pick, pack, label and shipment of every fulfilment. */
export async function shipOrder(api: Pick<TestApi, 'oms' | 'as'>, orderId: string): Promise<string[]> {
  const fulfillments = await allocateOrder(api.oms, orderId);
  for (const fulfillmentId of fulfillments) {
    const base = `/orders/${orderId}/fulfillments/${fulfillmentId}`;
    await api.as('warehouse').post(`${base}/picked`).expect(200);
    await api.as('warehouse').post(`${base}/packed`).expect(200);
    await labelFulfillment(api.oms, orderId, fulfillmentId);
    await api.as('warehouse').post(`${base}/shipped`).expect(200);
  }
  return fulfillments;
}

/**
 * Places an order and takes it through the real workflow and the warehouse's
 * pick and pack of F1 up to its carrier label: the order as GET /orders/{id}
 * then answers, and the label's tracking number.
 */
export async function labelledOrder(api: TestApi): Promise<{ orderId: string; trackingNumber: string }> {
  const { orderId } = await placeOrder(api);
  await api.settled();
  await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/picked`).expect(200);
  await api.as('warehouse').post(`/orders/${orderId}/fulfillments/F1/packed`).expect(200);
  await api.settled();
  const order = (await api.as('admin').get(`/orders/${orderId}`).expect(200)).body;
  return { orderId, trackingNumber: order.fulfillments[0].shipment.trackingNumber as string };
}
