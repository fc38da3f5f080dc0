import { readFileSync } from 'node:fs';
import path from 'node:path';
import { orderStreamId } from '../../../src/domain/order';
import { stockStreamId } from '../../../src/domain/stock';
import { WEBHOOK_EVENT_TYPES, webhookEventsOf } from '../../../src/infrastructure/webhooks/webhook-event-types';

const ORDER_ID = '0190a0b0-0000-7000-8000-000000000001';
const order = (type: string, data: Record<string, unknown>) => webhookEventsOf({ type, streamId: orderStreamId(ORDER_ID), data });

describe('the webhook event table', () => {
  it('names the order in every order, fulfilment and shipment webhook, and the fulfilment where one applies', () => {
    expect(order('OrderCancelled', { reason: 'x', cancelledAt: 't' })).toEqual([{ type: 'order.cancelled', data: { reason: 'x', cancelledAt: 't', orderId: ORDER_ID } }]);
    expect(order('FulfillmentShipped', { fulfillmentId: 'F1', shippedAt: 't' })).toEqual([
      { type: 'shipment.shipped', data: { fulfillmentId: 'F1', shippedAt: 't', orderId: ORDER_ID } },
    ]);
  });

  it('names the SKU and location of stock webhooks', () => {
    const [low] = webhookEventsOf({ type: 'LowStockDetected', streamId: stockStreamId('wh-1', 'SKU-1'), data: { available: 1, threshold: 3, detectedAt: 't' } });
    expect(low).toEqual({ type: 'stock.low', data: { available: 1, threshold: 3, detectedAt: 't', sku: 'SKU-1', locationId: 'wh-1' } });
    expect(webhookEventsOf({ type: 'OutOfStock', streamId: stockStreamId('wh-1', 'SKU-1'), data: {} })[0]!.type).toBe('stock.out_of_stock');
  });

  it('turns an order placed into order.placed and customer.updated', () => {
    const events = order('OrderPlaced', {
      customer: { id: 'c-1', email: 'a@example.com', name: 'A', phone: '+15550100' },
      payment: { method: 'card' },
    });
    expect(events.map((event) => event.type)).toEqual(['order.placed', 'customer.updated']);
    expect(events[1]!.data).toEqual({ customerId: 'c-1', email: 'a@example.com', name: 'A', phone: '+15550100', orderId: ORDER_ID });
  });

  it('adds shipment.exception to the tracking update that reports one', () => {
    expect(order('ShipmentTrackingUpdated', { fulfillmentId: 'F1', status: 'in_transit' }).map((e) => e.type)).toEqual(['shipment.tracking_updated']);
    expect(order('ShipmentTrackingUpdated', { fulfillmentId: 'F1', status: 'exception' }).map((e) => e.type)).toEqual([
      'shipment.tracking_updated',
      'shipment.exception',
    ]);
  });

  it('reads aggregate ids from the data of streams it does not know (purchase orders, returns)', () => {
    expect(webhookEventsOf({ type: 'PurchaseOrderCreated', streamId: 'purchase-order-PO1', data: { purchaseOrderId: 'PO1', supplier: 'S' } })).toEqual([
      { type: 'purchase_order.created', data: { purchaseOrderId: 'PO1', supplier: 'S' } },
    ]);
  });

  it('sends nothing for internal events, and offers each webhook type once', () => {
    expect(order('CustomerNotified', { notification: 'shipped' })).toEqual([]);
    expect(webhookEventsOf({ type: 'toString', streamId: orderStreamId(ORDER_ID), data: {} })).toEqual([]);
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['order.placed', 'return.authorized', 'purchase_order.received', 'customer.updated']));
  });
});

describe('the webhook documentation', () => {
  it('lists every webhook type the table offers, and no other', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../../docs/webhooks.md'), 'utf8');
    const documented = [...doc.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });
});
