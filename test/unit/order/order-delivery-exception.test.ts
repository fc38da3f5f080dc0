import { LabelRequired, nextSteps, orderStatus } from '../../../src/domain/order';
import {
  customerNotified,
  delivered,
  deliveryExceptionRecorded,
  fulfillmentDelivered,
  given,
  labelled,
  orderAfter,
  orderCancelled,
  packed,
  recordDeliveryException,
  recordTrackingUpdate,
  shipmentTrackingUpdated,
  shipped,
  t,
} from './order-builders';

describe('RecordTrackingUpdate never moves a shipment backwards', () => {
  it('ignores a scan from earlier in the journey than the one known', () =>
    given(...shipped(), shipmentTrackingUpdated('F1', 'out_for_delivery', 'on the van'))
      .when(recordTrackingUpdate('F1', 'in_transit', 'hub'))
      .then([]));

  it('ignores any scan once the parcel is delivered', () => {
    given(...delivered()).when(recordTrackingUpdate('F1', 'out_for_delivery')).then([]);
    given(...delivered()).when(recordTrackingUpdate('F1', 'in_transit')).then([]);
  });

  it('records a scan further along', () =>
    given(...shipped(), shipmentTrackingUpdated('F1', 'in_transit'))
      .when(recordTrackingUpdate('F1', 'out_for_delivery', null, t(35)))
      .then([shipmentTrackingUpdated('F1', 'out_for_delivery', null, t(35))]));
});

describe('RecordDeliveryException', () => {
  it('records that the carrier could not deliver, leaving the status as it was', () => {
    given(...shipped())
      .when(recordDeliveryException('delivery', 'return_to_sender'))
      .then([deliveryExceptionRecorded('delivery', 'return_to_sender')]);
    const order = orderAfter([...shipped(), deliveryExceptionRecorded('delivery', 'return_to_sender')]);
    expect(orderStatus(order)).toBe('shipped');
    expect(order.fulfillments.F1!.status).toBe('shipped');
    expect(order.fulfillments.F1!.exception).toEqual({
      stage: 'delivery',
      code: 'return_to_sender',
      reason: 'returned to sender',
      recordedAt: t(40),
    });
  });

  it('records that no label could be bought for a packed fulfilment', () =>
    given(...packed())
      .when(recordDeliveryException('label', 'CARRIER.ADDRESS_REJECTED', 'address rejected: shipTo.line1'))
      .then([deliveryExceptionRecorded('label', 'CARRIER.ADDRESS_REJECTED', 'address rejected: shipTo.line1')]));

  it('records the same exception once, however often the carrier repeats it', () =>
    given(...shipped(), deliveryExceptionRecorded('delivery', 'failure'))
      .when(recordDeliveryException('delivery', 'failure', 'told again', 'F1', t(50)))
      .then([]));

  it('records another kind of exception', () =>
    given(...shipped(), deliveryExceptionRecorded('delivery', 'failure'))
      .when(recordDeliveryException('delivery', 'return_to_sender'))
      .then([deliveryExceptionRecorded('delivery', 'return_to_sender')]));

  it('ignores an exception reported after delivery, or for a cancelled fulfilment', () => {
    given(...delivered()).when(recordDeliveryException('delivery', 'failure')).then([]);
    given(...packed(), orderCancelled()).when(recordDeliveryException('label', 'CARRIER.REJECTED')).then([]);
  });

  it('needs a label for a delivery exception', () => {
    given(...packed()).when(recordDeliveryException('delivery', 'failure')).thenThrows(LabelRequired, 'ORDER.LABEL_REQUIRED');
  });
});

describe('nextSteps after a delivery exception', () => {
  it('stops asking for a label the carrier refused', () => {
    expect(nextSteps(orderAfter(packed())).filter((s) => s.kind === 'label')).toHaveLength(1);
    expect(nextSteps(orderAfter([...packed(), deliveryExceptionRecorded('label', 'CARRIER.ADDRESS_REJECTED')])).filter((s) => s.kind === 'label')).toEqual([]);
  });

  it('tells the customer once per kind of delivery exception, not about a refused label', () => {
    const exception = [...shipped(), deliveryExceptionRecorded('delivery', 'return_to_sender')];
    const owed = (events: Parameters<typeof orderAfter>[0]) =>
      nextSteps(orderAfter(events)).filter((s) => s.kind === 'notify' && s.notification === 'delivery_exception');
    expect(owed(exception)).toEqual([{ kind: 'notify', notification: 'delivery_exception', key: 'F1:return_to_sender' }]);
    expect(owed([...exception, customerNotified('delivery_exception', 'F1:return_to_sender')])).toEqual([]);
    expect(owed([...packed(), deliveryExceptionRecorded('label', 'CARRIER.ADDRESS_REJECTED')])).toEqual([]);
  });

  it('leaves the delivered path as it is', () => {
    const order = orderAfter([...labelled(), ...shipped().slice(labelled().length), fulfillmentDelivered('F1')]);
    expect(order.fulfillments.F1!.status).toBe('delivered');
  });
});
