import { AuthorizationMismatch, CaptureRequired, FulfillmentNotAtStep, OrderClosed, OrderNotValidated, PaymentAlreadyAuthorized, PaymentNotAuthorized, UnknownFulfillment } from '../../../src/domain/order';
import {
  authorized,
  delivered,
  given,
  labelled,
  orderCancelled,
  orderHeld,
  orderAfter,
  orderPlaced,
  orderRejected,
  paymentAuthorized,
  paymentCaptured,
  paymentCaptureSkipped,
  paymentFailed,
  paymentVoided,
  recordPaymentAuthorized,
  recordPaymentCaptured,
  recordPaymentCaptureSkipped,
  recordPaymentFailed,
  recordPaymentVoided,
  shipped,
  t,
  validated,
} from './order-builders';

describe('RecordPaymentAuthorized', () => {
  it('records the authorization of a validated order', () =>
    given(...validated())
      .when(recordPaymentAuthorized('auth-9', 2999, t(8)))
      .then([paymentAuthorized('auth-9', 2999, t(8))]));

  it('is idempotent for the same authorizationId', () =>
    given(...authorized()).when(recordPaymentAuthorized('auth-1')).then([]));

  it('stays idempotent for the same authorizationId after the order was cancelled', () =>
    given(...authorized(), orderCancelled()).when(recordPaymentAuthorized('auth-1')).then([]));

  it('refuses a second, different authorization', () => {
    const error = given(...authorized()).when(recordPaymentAuthorized('auth-2')).thenThrows(PaymentAlreadyAuthorized, 'ORDER.ALREADY_AUTHORIZED');
    expect(error.details).toMatchObject({ authorizationId: 'auth-1', attemptedAuthorizationId: 'auth-2' });
  });

  it('needs a validated order', () => {
    given(orderPlaced()).when(recordPaymentAuthorized()).thenThrows(OrderNotValidated, 'ORDER.NOT_VALIDATED');
  });

  it('refuses a cancelled order', () => {
    const error = given(...validated(), orderCancelled())
      .when(recordPaymentAuthorized())
      .thenThrows(OrderClosed, 'ORDER.CLOSED');
    expect(error.details).toEqual({ command: 'RecordPaymentAuthorized', status: 'cancelled' });
  });

  it('refuses a rejected order', () => {
    given(orderPlaced(), orderRejected()).when(recordPaymentAuthorized()).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });

  it('refuses an order whose payment failed', () => {
    given(...validated(), paymentFailed()).when(recordPaymentAuthorized()).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });

  it('is recorded while the order is on hold (a fact, not a step forward)', () =>
    given(...validated(), orderHeld()).when(recordPaymentAuthorized()).then([paymentAuthorized()]));
});

describe('RecordPaymentFailed', () => {
  it('records the failure of a validated order', () =>
    given(...validated())
      .when(recordPaymentFailed('do_not_honor', 'bank refused', t(9)))
      .then([paymentFailed('do_not_honor', 'bank refused', t(9))]));

  it('is idempotent once failed', () =>
    given(...validated(), paymentFailed()).when(recordPaymentFailed('other', 'again')).then([]));

  it('needs a validated order', () => {
    given(orderPlaced()).when(recordPaymentFailed()).thenThrows(OrderNotValidated, 'ORDER.NOT_VALIDATED');
  });

  it('refuses once the payment is authorized', () => {
    given(...authorized()).when(recordPaymentFailed()).thenThrows(PaymentAlreadyAuthorized, 'ORDER.ALREADY_AUTHORIZED');
  });

  it('refuses a cancelled order', () => {
    given(...validated(), orderCancelled()).when(recordPaymentFailed()).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });

  it('refuses a rejected order', () => {
    given(orderPlaced(), orderRejected()).when(recordPaymentFailed()).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });
});

describe('RecordPaymentCaptured', () => {
  it('records a capture for a shipped fulfillment', () =>
    given(...shipped())
      .when(recordPaymentCaptured('F1', 2999, 'cap-77', t(41)))
      .then([paymentCaptured('F1', 2999, 'cap-77', t(41))]));

  it('records a capture for a delivered fulfillment', () =>
    given(...delivered()).when(recordPaymentCaptured('F1')).then([paymentCaptured('F1')]));

  it('is idempotent per fulfillment, whatever the captureId', () =>
    given(...shipped(), paymentCaptured('F1')).when(recordPaymentCaptured('F1', 2999, 'cap-other')).then([]));

  it('needs the fulfillment shipped', () => {
    const error = given(...labelled()).when(recordPaymentCaptured('F1')).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_SHIPPED');
    expect(error.details).toMatchObject({ fulfillmentId: 'F1', status: 'packed', required: 'shipped' });
  });

  it('refuses an unknown fulfillment', () => {
    const error = given(...shipped())
      .when(recordPaymentCaptured('F2'))
      .thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
    expect(error.details).toEqual({ fulfillmentId: 'F2', knownFulfillmentIds: ['F1'] });
  });

  it('needs a live authorization', () => {
    given(...shipped(), paymentVoided()).when(recordPaymentCaptured('F1')).thenThrows(PaymentNotAuthorized, 'ORDER.NOT_AUTHORIZED');
  });

  it('is recorded while the order is on hold', () =>
    given(...shipped(), orderHeld()).when(recordPaymentCaptured('F1')).then([paymentCaptured('F1')]));
});

describe('RecordPaymentCaptureSkipped', () => {
  /** The same story as shipped(), for an order whose every line is free and whose shipping is free. */
  const freeShipped = () => [
    orderPlaced({ lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: 0 }, { sku: 'SKU-B', quantity: 1, unitPrice: 0 }], shippingCost: 0 }),
    ...shipped().slice(1),
  ];

  it('records that a shipped fulfilment worth 0 needs no capture', () =>
    given(...freeShipped())
      .when(recordPaymentCaptureSkipped('F1', t(41)))
      .then([paymentCaptureSkipped('F1', t(41))]));

  it('counts the skipped fulfilment as settled, so no capture is owed for it any more', () => {
    const state = orderAfter([...freeShipped(), paymentCaptureSkipped('F1')]);
    expect(state.payment).toMatchObject({ status: 'authorized', capturedAmount: 0 });
    expect(state.payment.capturedFulfillments).toEqual([{ fulfillmentId: 'F1', captureId: null, amount: 0, capturedAt: t(40) }]);
    given(...freeShipped(), paymentCaptureSkipped('F1')).when(recordPaymentCaptureSkipped('F1')).then([]);
  });

  it('refuses to skip a fulfilment that is worth something: that one is captured', () => {
    const error = given(...shipped()).when(recordPaymentCaptureSkipped('F1')).thenThrows(CaptureRequired, 'ORDER.CAPTURE_REQUIRED');
    expect(error.details).toMatchObject({ fulfillmentId: 'F1', amount: 2999 });
  });

  it('needs the fulfilment shipped', () => {
    given(orderPlaced({ lines: [{ sku: 'SKU-A', quantity: 2, unitPrice: 0 }, { sku: 'SKU-B', quantity: 1, unitPrice: 0 }], shippingCost: 0 }), ...labelled().slice(1))
      .when(recordPaymentCaptureSkipped('F1'))
      .thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_SHIPPED');
  });
});

describe('RecordPaymentVoided', () => {
  it('records the void of the authorization', () =>
    given(...authorized(), orderCancelled())
      .when(recordPaymentVoided('auth-1', 2999, t(51)))
      .then([paymentVoided('auth-1', 2999, t(51))]));

  it('is idempotent once voided', () =>
    given(...authorized(), orderCancelled(), paymentVoided()).when(recordPaymentVoided()).then([]));

  it('needs an authorization', () => {
    const error = given(...validated(), orderCancelled()).when(recordPaymentVoided()).thenThrows(PaymentNotAuthorized, 'ORDER.NOT_AUTHORIZED');
    expect(error.details).toEqual({ command: 'RecordPaymentVoided', paymentStatus: 'none' });
  });

  it("refuses to void an authorization that is not the order's", () => {
    const error = given(...authorized()).when(recordPaymentVoided('auth-2')).thenThrows(AuthorizationMismatch, 'ORDER.AUTHORIZATION_MISMATCH');
    expect(error.details).toMatchObject({ authorizationId: 'auth-1', attemptedAuthorizationId: 'auth-2' });
  });
});
