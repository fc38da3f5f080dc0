import { OrderCommand, OrderEvent, orderEventTime } from '../../../src/domain/order';
import * as b from './order-builders';

const splitPlacements = [b.alloc('L1', 'SKU-A', 'wh-1', 1, 'A-1'), b.alloc('L1', 'SKU-A', 'wh-2', 1, null)];

/** Every command builder, so each schema is exercised with realistic data. */
const commands: OrderCommand[] = [
  b.placeOrder(),
  b.validateOrder(),
  b.recordPaymentAuthorized(),
  b.recordPaymentFailed(),
  b.recordAllocation('alloc-1', splitPlacements),
  b.markPicked(),
  b.markPacked(),
  b.recordShipmentLabel(),
  b.recordTrackingUpdate('F1', 'exception', 'weather'),
  b.recordDeliveryException('delivery', 'return_to_sender'),
  b.markShipped(),
  b.recordPaymentCaptured(),
  b.recordPaymentCaptureSkipped(),
  b.markDelivered(),
  b.markReadyForPickup(),
  b.holdOrder(),
  b.releaseOrder(),
  b.cancelOrder(),
  b.recordPaymentVoided(),
  b.recordCustomerNotified('backordered', 'alloc-1'),
];

describe('order schemas', () => {
  it('have a builder for every command, and every builder parses', () => {
    expect(new Set(commands.map((c) => c.type)).size).toBe(OrderCommand.options.length);
    for (const command of commands) expect(OrderCommand.parse(command)).toEqual(command);
  });

  it('parse every event the decider emits over a full story, and each has a time', () => {
    const { events } = b.run([
      ...commands.slice(0, 3),
      b.recordAllocation('alloc-1', [b.alloc('L1', 'SKU-A', 'wh-1', 1, 'A-1')]),
      b.markPicked(),
      b.markPacked(),
      b.recordShipmentLabel(),
      b.recordTrackingUpdate(),
      b.markShipped(),
      b.recordPaymentCaptured('F1', 1499),
      b.markDelivered(),
      b.holdOrder(),
      b.releaseOrder(),
      b.recordCustomerNotified('delivered', 'F1'),
    ]);
    const types = new Set(events.map((e) => e.type));
    expect(types.size).toBe(16);
    for (const event of events) {
      expect(OrderEvent.parse(event)).toEqual(event);
      expect(orderEventTime(event)).toMatch(/^2025-03-01T/);
    }
  });

  it('parse the events no happy story emits', () => {
    const events = [b.orderRejected(), b.paymentFailed(), b.orderCancelled(), b.paymentVoided(), b.paymentCaptureSkipped(), b.fulfillmentReadyForPickup()];
    for (const event of events) expect(OrderEvent.parse(event)).toEqual(event);
  });

  it('refuse malformed contract fields', () => {
    const parses = (event: unknown) => OrderEvent.safeParse(event).success;
    expect(parses(b.fulfillmentRequested('X1', 'wh-1', splitPlacements))).toBe(false);
    expect(parses(b.fulfillmentRequested('F1', 'WH 1', splitPlacements))).toBe(false);
    expect(parses(b.inventoryAllocated('alloc-1', [b.alloc('L1', 'SKU-A', 'wh-1', 0)]))).toBe(false);
    expect(parses(b.inventoryAllocated('alloc-1', []))).toBe(false);
    expect(parses(b.orderRejected([]))).toBe(false);
    const lost = b.shipmentTrackingUpdated();
    expect(parses({ ...lost, data: { ...lost.data, status: 'lost' } })).toBe(false);
    const sms = b.customerNotified();
    expect(parses({ ...sms, data: { ...sms.data, notification: 'sms' } })).toBe(false);
    expect(parses(b.orderValidated('2025-03-01 10:00'))).toBe(false);
  });
});
