import {
  OrderAlreadyExists,
  OrderCommand,
  OrderEvent,
  OrderNotFound,
  PlaceOrder,
  orderDecider,
  orderStreamId,
  type OrderCommandType,
} from '../../../src/domain/order';
import {
  ORDER_ID,
  cancelOrder,
  fold,
  given,
  holdOrder,
  markDelivered,
  markReadyForPickup,
  markPacked,
  markPicked,
  markShipped,
  orderPlaced,
  orderValidated,
  paymentAuthorized,
  placeOrder,
  placeOrderData,
  recordAllocation,
  recordCustomerNotified,
  recordPaymentAuthorized,
  recordPaymentCaptured,
  recordPaymentCaptureSkipped,
  recordPaymentFailed,
  recordPaymentVoided,
  recordShipmentLabel,
  recordTrackingUpdate,
  recordDeliveryException,
  releaseOrder,
  t,
  validateOrder,
} from './order-builders';

describe('PlaceOrder', () => {
  it('records the order with line ids L1, L2, ... in line order and the command time as placedAt', () =>
    given()
      .when(
        placeOrder({
          lines: [
            { sku: 'SKU-A', quantity: 2, unitPrice: 1000 },
            { sku: 'SKU-B', quantity: 1, unitPrice: 500 },
            { sku: 'SKU-C', quantity: 7, unitPrice: 1 },
          ],
          at: t(0),
        }),
      )
      .then([
        orderPlaced({
          lines: [
            { sku: 'SKU-A', quantity: 2, unitPrice: 1000 },
            { sku: 'SKU-B', quantity: 1, unitPrice: 500 },
            { sku: 'SKU-C', quantity: 7, unitPrice: 1 },
          ],
        }),
      ]));

  it('gives the event exactly the contract fields, whatever else rides on the command', () => {
    const data: PlaceOrder['data'] = Object.assign(placeOrderData(), { internalOnly: 'x' });
    const withExtra: OrderCommand = { type: 'PlaceOrder', data };
    const [event] = orderDecider.decide(withExtra, orderDecider.initialState());
    expect(event).toEqual(orderPlaced());
    expect(OrderEvent.parse(event)).toEqual(event);
  });

  it('refuses to place an order that exists, naming nothing about it', () => {
    const error = given(orderPlaced()).when(placeOrder()).thenThrows(OrderAlreadyExists, 'ORDER.ALREADY_EXISTS');
    expect(error.details).toEqual({});
    expect(error.message).not.toContain(ORDER_ID);
  });

  it('records an order that will fail validation: the event schema is permissive where validation checks', () => {
    const bad = orderPlaced({
      customer: { id: 'c', email: 'not-an-email', name: null, phone: null },
      lines: [{ sku: 'no such sku!', quantity: 0, unitPrice: 0 }],
      shippingAddress: { name: null, line1: '', line2: null, city: null, region: null, postalCode: ' ', country: 'usa' },
      shippingMethod: 'teleport',
      shippingCost: 0,
    });
    expect(OrderEvent.safeParse(bad).success).toBe(true);
    expect(PlaceOrder.safeParse(placeOrder({ lines: [{ sku: 'x', quantity: 1.5, unitPrice: 1 }] })).success).toBe(true);
  });

  it('keeps the structural limits: 1..500 lines, channel 1..64, a uuid, money in minor units', () => {
    const line = { sku: 'SKU-A', quantity: 1, unitPrice: 100 };
    const parses = (overrides: Parameters<typeof placeOrder>[0]) => PlaceOrder.safeParse(placeOrder(overrides)).success;
    expect(parses({ lines: Array.from({ length: 500 }, () => line) })).toBe(true);
    expect(parses({ lines: Array.from({ length: 501 }, () => line) })).toBe(false);
    expect(parses({ lines: [] })).toBe(false);
    expect(parses({ channel: '' })).toBe(false);
    expect(parses({ channel: 'x'.repeat(65) })).toBe(false);
    expect(parses({ orderId: 'order-1' })).toBe(false);
    expect(parses({ shippingCost: 4.99 })).toBe(false);
    expect(parses({ lines: [{ ...line, unitPrice: -1 }] })).toBe(false);
    expect(parses({ at: 'yesterday' })).toBe(false);
  });
});

describe('an order that has not been placed', () => {
  const commands: OrderCommand[] = [
    validateOrder(),
    recordPaymentAuthorized(),
    recordPaymentFailed(),
    recordAllocation('alloc-1', []),
    markPicked(),
    markPacked(),
    recordShipmentLabel(),
    recordTrackingUpdate(),
    recordDeliveryException('label', 'CARRIER.ADDRESS_REJECTED'),
    markShipped(),
    recordPaymentCaptured(),
    recordPaymentCaptureSkipped(),
    markDelivered(),
    markReadyForPickup(),
    holdOrder(),
    releaseOrder(),
    cancelOrder(),
    recordPaymentVoided(),
    recordCustomerNotified(),
  ];

  it('covers every command but PlaceOrder', () => {
    const covered = new Set<OrderCommandType>(commands.map((c) => c.type));
    const all = OrderCommand.options.map((o) => o.shape.type.value).filter((type) => type !== 'PlaceOrder');
    expect([...covered].sort()).toEqual([...all].sort());
  });

  it.each(commands.map((c) => [c.type, c] as const))('refuses %s with ORDER.NOT_FOUND', (type, command) => {
    const error = given().when(command).thenThrows(OrderNotFound, 'ORDER.NOT_FOUND');
    expect(error.details).toEqual({ command: type });
  });

  it('ignores events other than OrderPlaced (nothing to change yet)', () => {
    expect(fold([orderValidated(), paymentAuthorized()])).toEqual({ exists: false });
  });
});

describe('the order stream', () => {
  it('is named order-<orderId>', () => expect(orderStreamId(ORDER_ID)).toBe(`order-${ORDER_ID}`));
});
