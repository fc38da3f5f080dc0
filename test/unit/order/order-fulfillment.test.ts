import { FulfillmentCancelled, FulfillmentNotAtStep, LabelRequired, OrderClosed, OrderOnHold, UnknownFulfillment } from '../../../src/domain/order';
import {
  delivered,
  fulfillmentDelivered,
  fulfillmentPacked,
  fulfillmentPicked,
  fulfillmentShipped,
  given,
  labelled,
  markDelivered,
  markPacked,
  markPicked,
  markShipped,
  orderCancelled,
  orderHeld,
  orderReleased,
  packed,
  picked,
  recordShipmentLabel,
  recordTrackingUpdate,
  requested,
  shipmentLabelCreated,
  shipmentTrackingUpdated,
  shipped,
  t,
} from './order-builders';

describe('MarkFulfillmentPicked', () => {
  it('records the pick', () =>
    given(...requested()).when(markPicked('F1', t(11))).then([fulfillmentPicked('F1', t(11))]));

  it('is idempotent once picked, and for any later step', () => {
    given(...picked()).when(markPicked('F1')).then([]);
    given(...packed()).when(markPicked('F1')).then([]);
    given(...delivered()).when(markPicked('F1')).then([]);
  });

  it('refuses an unknown fulfillment', () => {
    const error = given(...requested()).when(markPicked('F9')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
    expect(error.details).toEqual({ fulfillmentId: 'F9', knownFulfillmentIds: ['F1'] });
  });

  it('does not mistake a fulfillmentId named like an Object.prototype member for a known one', () => {
    given(...requested()).when(markPicked('constructor')).thenThrows(UnknownFulfillment);
  });

  it('refuses while the order is on hold', () => {
    const error = given(...requested(), orderHeld('address check'))
      .when(markPicked('F1'))
      .thenThrows(OrderOnHold, 'ORDER.ON_HOLD');
    expect(error.details).toEqual({ command: 'MarkFulfillmentPicked', holdReason: 'address check' });
  });

  it('works again once the order is released', () =>
    given(...requested(), orderHeld(), orderReleased()).when(markPicked('F1')).then([fulfillmentPicked('F1')]));

  it('refuses a cancelled order (even one also on hold)', () => {
    given(...requested(), orderHeld(), orderCancelled()).when(markPicked('F1')).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });
});

describe('MarkFulfillmentPacked', () => {
  it('records the pack', () =>
    given(...picked()).when(markPacked('F1', t(12))).then([fulfillmentPacked('F1', t(12))]));

  it('is idempotent once packed, and for any later step', () => {
    given(...packed()).when(markPacked('F1')).then([]);
    given(...shipped()).when(markPacked('F1')).then([]);
  });

  it('needs the fulfillment picked', () => {
    const error = given(...requested()).when(markPacked('F1')).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_PICKED');
    expect(error.details).toMatchObject({ fulfillmentId: 'F1', status: 'requested', required: 'picked' });
  });

  it('refuses an unknown fulfillment', () => {
    given(...picked()).when(markPacked('F2')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
  });

  it('refuses while the order is on hold', () => {
    given(...picked(), orderHeld()).when(markPacked('F1')).thenThrows(OrderOnHold, 'ORDER.ON_HOLD');
  });

  it('refuses a cancelled order', () => {
    given(...picked(), orderCancelled()).when(markPacked('F1')).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });
});

describe('RecordShipmentLabel', () => {
  it('records the label of a packed fulfillment', () =>
    given(...packed()).when(recordShipmentLabel('F1', t(21))).then([shipmentLabelCreated('F1', t(21))]));

  it('is idempotent once a label is recorded', () => {
    given(...labelled()).when(recordShipmentLabel('F1')).then([]);
    given(...shipped()).when(recordShipmentLabel('F1')).then([]);
  });

  it('needs the fulfillment packed', () => {
    given(...picked()).when(recordShipmentLabel('F1')).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_PACKED');
  });

  it('refuses an unknown fulfillment', () => {
    given(...packed()).when(recordShipmentLabel('F2')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
  });

  it('is recorded while the order is on hold (a fact from the carrier)', () =>
    given(...packed(), orderHeld()).when(recordShipmentLabel('F1')).then([shipmentLabelCreated('F1')]));

  it('refuses a cancelled order', () => {
    given(...packed(), orderCancelled()).when(recordShipmentLabel('F1')).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });
});

describe('RecordTrackingUpdate', () => {
  it('records a carrier update once there is a label', () =>
    given(...shipped())
      .when(recordTrackingUpdate('F1', 'out_for_delivery', 'on the van', t(31)))
      .then([shipmentTrackingUpdated('F1', 'out_for_delivery', 'on the van', t(31))]));

  it('records an update on a labelled fulfillment that has not shipped yet', () =>
    given(...labelled()).when(recordTrackingUpdate('F1', 'in_transit')).then([shipmentTrackingUpdated('F1', 'in_transit')]));

  it('records a change of status, and a change of detail', () => {
    given(...shipped(), shipmentTrackingUpdated('F1', 'in_transit'))
      .when(recordTrackingUpdate('F1', 'exception', 'address not found'))
      .then([shipmentTrackingUpdated('F1', 'exception', 'address not found')]);
    given(...shipped(), shipmentTrackingUpdated('F1', 'exception', 'address not found'))
      .when(recordTrackingUpdate('F1', 'exception', 'held at depot'))
      .then([shipmentTrackingUpdated('F1', 'exception', 'held at depot')]);
  });

  it('ignores the carrier repeating the latest status and detail', () =>
    given(...shipped(), shipmentTrackingUpdated('F1', 'in_transit', 'hub'))
      .when(recordTrackingUpdate('F1', 'in_transit', 'hub'))
      .then([]));

  it('needs a label', () => {
    const error = given(...packed()).when(recordTrackingUpdate('F1')).thenThrows(LabelRequired, 'ORDER.LABEL_REQUIRED');
    expect(error.details).toEqual({ command: 'RecordTrackingUpdate', fulfillmentId: 'F1' });
  });

  it('refuses an unknown fulfillment', () => {
    given(...shipped()).when(recordTrackingUpdate('F2')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
  });

  it('is recorded while the order is on hold', () =>
    given(...shipped(), orderHeld()).when(recordTrackingUpdate('F1')).then([shipmentTrackingUpdated('F1')]));
});

describe('MarkFulfillmentShipped', () => {
  it('records the shipment of a packed, labelled fulfillment', () =>
    given(...labelled()).when(markShipped('F1', t(35))).then([fulfillmentShipped('F1', t(35))]));

  it('is idempotent once shipped or delivered', () => {
    given(...shipped()).when(markShipped('F1')).then([]);
    given(...delivered()).when(markShipped('F1')).then([]);
  });

  it('needs a label', () => {
    const error = given(...packed()).when(markShipped('F1')).thenThrows(LabelRequired, 'ORDER.LABEL_REQUIRED');
    expect(error.details).toEqual({ command: 'MarkFulfillmentShipped', fulfillmentId: 'F1' });
  });

  it('needs the fulfillment packed', () => {
    given(...picked()).when(markShipped('F1')).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_PACKED');
  });

  it('refuses an unknown fulfillment', () => {
    given(...labelled()).when(markShipped('F2')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
  });

  it('refuses while the order is on hold', () => {
    given(...labelled(), orderHeld()).when(markShipped('F1')).thenThrows(OrderOnHold, 'ORDER.ON_HOLD');
  });

  it('refuses a cancelled order', () => {
    given(...labelled(), orderCancelled()).when(markShipped('F1')).thenThrows(OrderClosed, 'ORDER.CLOSED');
  });
});

describe('MarkFulfillmentDelivered', () => {
  it('records the delivery of a shipped fulfillment', () =>
    given(...shipped()).when(markDelivered('F1', t(70))).then([fulfillmentDelivered('F1', t(70))]));

  it('is idempotent once delivered', () => given(...delivered()).when(markDelivered('F1')).then([]));

  it('needs the fulfillment shipped', () => {
    const error = given(...labelled()).when(markDelivered('F1')).thenThrows(FulfillmentNotAtStep, 'ORDER.NOT_SHIPPED');
    expect(error.details).toMatchObject({ status: 'packed', required: 'shipped' });
  });

  it('refuses an unknown fulfillment', () => {
    given(...shipped()).when(markDelivered('F2')).thenThrows(UnknownFulfillment, 'ORDER.UNKNOWN_FULFILLMENT');
  });

  it('refuses a fulfilment the cancellation stopped before it shipped', () => {
    const error = given(...labelled(), orderCancelled()).when(markDelivered('F1')).thenThrows(FulfillmentCancelled, 'ORDER.FULFILLMENT_CANCELLED');
    expect(error.details).toEqual({ command: 'MarkFulfillmentDelivered', fulfillmentId: 'F1' });
  });

  it('is recorded while the order is on hold (the carrier delivered it)', () =>
    given(...shipped(), orderHeld()).when(markDelivered('F1')).then([fulfillmentDelivered('F1')]));
});
