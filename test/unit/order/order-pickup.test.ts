import { FulfillmentNotAtStep, nextSteps, NotAPickupOrder, OrderAlreadyShipped, OrderOnHold, orderStatus, PickupOrderNotShipped } from '../../../src/domain/order';
import {
  cancelOrder,
  customerNotified,
  fulfillmentDelivered,
  fulfillmentReadyForPickup,
  given,
  markDelivered,
  markReadyForPickup,
  markShipped,
  orderAfter,
  orderHeld,
  packed,
  paymentCaptured,
  pickupPacked,
  pickupReady,
  recordPaymentCaptured,
  recordShipmentLabel,
  t,
} from './order-builders';
import { evolveOrderRecord, type OrderRecord } from '../../../src/projections/read-models/order-record';

describe('pickup orders: packed -> ready for pickup -> delivered when collected', () => {
  it('get ready for pickup once packed, instead of a carrier label', () => {
    expect(nextSteps(orderAfter(pickupPacked()))).toContainEqual({ kind: 'readyForPickup', fulfillmentId: 'F1' });
    expect(nextSteps(orderAfter(pickupPacked())).some((step) => step.kind === 'label')).toBe(false);
    given(...pickupPacked()).when(markReadyForPickup('F1', t(12))).then([fulfillmentReadyForPickup('F1', t(12))]);
  });

  it('are ready for pickup once, and show it', () => {
    given(...pickupReady()).when(markReadyForPickup('F1', t(13))).then([]);
    const order = orderAfter(pickupReady());
    expect(orderStatus(order)).toBe('ready_for_pickup');
    expect(order.fulfillments.F1).toMatchObject({ status: 'ready_for_pickup' });
    const { details } = pickupReady().reduce<OrderRecord | null>(evolveOrderRecord, null)!;
    expect(details.fulfillments.F1).toMatchObject({ readyForPickupAt: t(12) });
    expect(details.timeline.at(-1)).toEqual({ status: 'ready_for_pickup', at: t(12) });
  });

  it('tell the customer the order is ready, and nothing about a shipment', () => {
    expect(nextSteps(orderAfter(pickupReady()))).toContainEqual({ kind: 'notify', notification: 'ready_for_pickup', key: 'F1' });
    expect(nextSteps(orderAfter(pickupReady())).some((s) => s.kind === 'notify' && s.notification === 'shipped')).toBe(false);
  });

  it('get no carrier label and are never shipped', () => {
    given(...pickupPacked()).when(recordShipmentLabel('F1')).thenThrows(PickupOrderNotShipped, 'ORDER.PICKUP_NOT_SHIPPED');
    given(...pickupReady()).when(markShipped('F1')).thenThrows(PickupOrderNotShipped);
  });

  it('are delivered when collected at the store, and only once ready', () => {
    given(...pickupReady()).when(markDelivered('F1', t(30))).then([fulfillmentDelivered('F1', t(30))]);
    given(...pickupPacked()).when(markDelivered('F1', t(30))).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_READY_FOR_PICKUP');
    const order = orderAfter([...pickupReady(), fulfillmentDelivered('F1', t(30))]);
    expect(orderStatus(order)).toBe('delivered');
  });

  it('are not handed over while on hold', () => {
    given(...pickupReady(), orderHeld()).when(markDelivered('F1', t(30))).thenThrows(OrderOnHold);
  });

  it('are captured at collection: not while waiting at the store (the customer may still cancel), then once', () => {
    expect(nextSteps(orderAfter(pickupReady())).some((s) => s.kind === 'capture')).toBe(false);
    const collected = [...pickupReady(), fulfillmentDelivered('F1', t(30))];
    expect(nextSteps(orderAfter(collected))).toContainEqual({ kind: 'capture', fulfillmentId: 'F1' });
    given(...collected).when(recordPaymentCaptured('F1', 2500, 'cap-1', t(31))).then([paymentCaptured('F1', 2500, 'cap-1', t(31))]);
    expect(nextSteps(orderAfter([...collected, paymentCaptured('F1', 2500, 'cap-1', t(31))])).some((s) => s.kind === 'capture')).toBe(false);
  });

  it('tell the customer it was collected', () => {
    const collected = [...pickupReady(), customerNotified('ready_for_pickup', 'F1'), fulfillmentDelivered('F1', t(30))];
    expect(nextSteps(orderAfter(collected)).filter((s) => s.kind === 'notify')).toEqual([
      { kind: 'notify', notification: 'confirmation', key: 'order' },
      { kind: 'notify', notification: 'delivered', key: 'F1' },
    ]);
  });

  it('may be cancelled while waiting at the store, not once collected', () => {
    given(...pickupReady()).when(cancelOrder('not coming', t(20))).then([
      { type: 'OrderCancelled', data: { reason: 'not coming', cancelledAt: t(20) } },
    ]);
    given(...pickupReady(), fulfillmentDelivered('F1', t(30))).when(cancelOrder()).thenThrows(OrderAlreadyShipped, 'ORDER.ALREADY_SHIPPED');
  });

  it('is refused for an order that ships', () => {
    given(...packed()).when(markReadyForPickup('F1')).thenThrows(NotAPickupOrder, 'ORDER.NOT_PICKUP');
  });
});
