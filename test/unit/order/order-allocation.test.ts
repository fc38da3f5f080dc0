import { OrderClosed, OverAllocation, PaymentNotAuthorized, UnknownLine } from '../../../src/domain/order';
import {
  ALL_AT_WH1,
  alloc,
  authorized,
  fulfillmentPacked,
  fulfillmentPicked,
  fulfillmentRequested,
  fulfillmentShipped,
  given,
  inventoryAllocated,
  linesBackordered,
  orderCancelled,
  orderHeld,
  paymentCaptured,
  paymentVoided,
  recordAllocation,
  requested,
  shipmentLabelCreated,
  t,
  validated,
} from './order-builders';

describe('RecordAllocation', () => {
  it('records a full allocation at one location and requests one fulfillment, with bins', () =>
    given(...authorized())
      .when(recordAllocation('alloc-1', ALL_AT_WH1, t(3)))
      .then([inventoryAllocated('alloc-1', ALL_AT_WH1, t(3)), fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1, t(3))]));

  it('requests one fulfillment per location, in the order locations first appear', () => {
    const bAtWh2 = alloc('L2', 'SKU-B', 'wh-2', 1, 'B-1');
    const aAtWh1 = alloc('L1', 'SKU-A', 'wh-1', 1, 'A-1');
    const aAtWh2 = alloc('L1', 'SKU-A', 'wh-2', 1, 'A-9');
    given(...authorized())
      .when(recordAllocation('alloc-1', [bAtWh2, aAtWh1, aAtWh2]))
      .then([
        inventoryAllocated('alloc-1', [bAtWh2, aAtWh1, aAtWh2]),
        fulfillmentRequested('F1', 'wh-2', [bAtWh2, aAtWh2]),
        fulfillmentRequested('F2', 'wh-1', [aAtWh1]),
      ]);
  });

  it('backorders what it could not reserve, with the absolute quantity still waiting per line', () => {
    const some = [alloc('L1', 'SKU-A', 'wh-1', 1, 'A-1')];
    given(...authorized())
      .when(recordAllocation('alloc-1', some))
      .then([
        inventoryAllocated('alloc-1', some),
        linesBackordered('alloc-1', [
          { lineId: 'L1', sku: 'SKU-A', quantity: 1 },
          { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
        ]),
        fulfillmentRequested('F1', 'wh-1', some),
      ]);
  });

  it('records an attempt that reserved nothing as a backorder only', () =>
    given(...authorized())
      .when(recordAllocation('alloc-1', [], t(4)))
      .then([
        linesBackordered(
          'alloc-1',
          [
            { lineId: 'L1', sku: 'SKU-A', quantity: 2 },
            { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
          ],
          t(4),
        ),
      ]));

  it('continues fulfillment numbering and counts earlier reservations on a later attempt', () => {
    const first = [alloc('L1', 'SKU-A', 'wh-1', 1)];
    const retry = [alloc('L1', 'SKU-A', 'wh-2', 1, 'A-3')];
    given(
      ...authorized(),
      inventoryAllocated('alloc-1', first),
      linesBackordered('alloc-1', [
        { lineId: 'L1', sku: 'SKU-A', quantity: 1 },
        { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
      ]),
      fulfillmentRequested('F1', 'wh-1', first),
    )
      .when(recordAllocation('alloc-2', retry, t(60)))
      .then([
        inventoryAllocated('alloc-2', retry, t(60)),
        linesBackordered('alloc-2', [{ lineId: 'L2', sku: 'SKU-B', quantity: 1 }], t(60)),
        fulfillmentRequested('F2', 'wh-2', retry, t(60), 'alloc-2'),
      ]);
  });

  it('is idempotent for an allocationId already recorded', () =>
    given(...requested()).when(recordAllocation('alloc-1', ALL_AT_WH1)).then([]));

  it('is idempotent for an attempt that only backordered', () =>
    given(
      ...authorized(),
      linesBackordered('alloc-1', [
        { lineId: 'L1', sku: 'SKU-A', quantity: 2 },
        { lineId: 'L2', sku: 'SKU-B', quantity: 1 },
      ]),
    )
      .when(recordAllocation('alloc-1', ALL_AT_WH1))
      .then([]));

  it('does not mistake an allocationId named like an Object.prototype member for a seen one', () =>
    given(...authorized())
      .when(recordAllocation('constructor', ALL_AT_WH1))
      .then([
        inventoryAllocated('constructor', ALL_AT_WH1),
        fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1, undefined, 'constructor'),
      ]));

  it('emits nothing when there is nothing to reserve and nothing waiting', () =>
    given(...requested()).when(recordAllocation('alloc-2', [])).then([]));

  it('refuses an allocation for a line the order does not have', () => {
    const error = given(...authorized())
      .when(recordAllocation('alloc-1', [alloc('L3', 'SKU-A', 'wh-1', 1)]))
      .thenThrows(UnknownLine, 'ORDER.UNKNOWN_LINE');
    expect(error.details).toEqual({ lineId: 'L3', sku: 'SKU-A', orderedSku: null });
  });

  it('refuses an allocation whose SKU is not the one the line orders', () => {
    const error = given(...authorized())
      .when(recordAllocation('alloc-1', [alloc('L1', 'SKU-B', 'wh-1', 1)]))
      .thenThrows(UnknownLine, 'ORDER.UNKNOWN_LINE');
    expect(error.details).toEqual({ lineId: 'L1', sku: 'SKU-B', orderedSku: 'SKU-A' });
  });

  it('refuses to allocate more than the line orders', () => {
    const error = given(...authorized())
      .when(recordAllocation('alloc-1', [alloc('L1', 'SKU-A', 'wh-1', 3)]))
      .thenThrows(OverAllocation, 'ORDER.OVER_ALLOCATION');
    expect(error.details).toEqual({ lineId: 'L1', ordered: 2, alreadyAllocated: 0, requested: 3 });
  });

  it('refuses over-allocation summed over locations within one attempt', () => {
    const error = given(...authorized())
      .when(recordAllocation('alloc-1', [alloc('L1', 'SKU-A', 'wh-1', 2), alloc('L1', 'SKU-A', 'wh-2', 1)]))
      .thenThrows(OverAllocation, 'ORDER.OVER_ALLOCATION');
    expect(error.details).toMatchObject({ requested: 3 });
  });

  it('refuses over-allocation on top of earlier reservations', () => {
    const error = given(
      ...authorized(),
      inventoryAllocated('alloc-1', [alloc('L1', 'SKU-A', 'wh-1', 1)]),
      fulfillmentRequested('F1', 'wh-1', [alloc('L1', 'SKU-A', 'wh-1', 1)]),
    )
      .when(recordAllocation('alloc-2', [alloc('L1', 'SKU-A', 'wh-2', 2)]))
      .thenThrows(OverAllocation, 'ORDER.OVER_ALLOCATION');
    expect(error.details).toEqual({ lineId: 'L1', ordered: 2, alreadyAllocated: 1, requested: 2 });
  });

  it('needs an authorized payment', () => {
    given(...validated())
      .when(recordAllocation('alloc-1', ALL_AT_WH1))
      .thenThrows(PaymentNotAuthorized, 'ORDER.NOT_AUTHORIZED');
  });

  it('refuses once the authorization is voided', () => {
    given(...authorized(), paymentVoided()).when(recordAllocation('alloc-1', ALL_AT_WH1)).thenThrows(PaymentNotAuthorized, 'ORDER.NOT_AUTHORIZED');
  });

  it('refuses a cancelled order', () => {
    const error = given(...authorized(), orderCancelled())
      .when(recordAllocation('alloc-1', ALL_AT_WH1))
      .thenThrows(OrderClosed, 'ORDER.CLOSED');
    expect(error.details).toEqual({ command: 'RecordAllocation', status: 'cancelled' });
  });

  it('records reservations while the order is on hold', () =>
    given(...authorized(), orderHeld())
      .when(recordAllocation('alloc-1', ALL_AT_WH1))
      .then([inventoryAllocated('alloc-1', ALL_AT_WH1), fulfillmentRequested('F1', 'wh-1', ALL_AT_WH1)]));

  it('allocates a backordered line after part of the order has shipped and been captured', () => {
    const first = [alloc('L1', 'SKU-A', 'wh-1', 2)];
    const rest = [alloc('L2', 'SKU-B', 'wh-1', 1)];
    given(
      ...authorized(),
      inventoryAllocated('alloc-1', first),
      linesBackordered('alloc-1', [{ lineId: 'L2', sku: 'SKU-B', quantity: 1 }]),
      fulfillmentRequested('F1', 'wh-1', first),
      fulfillmentPicked('F1'),
      fulfillmentPacked('F1'),
      shipmentLabelCreated('F1'),
      fulfillmentShipped('F1'),
      paymentCaptured('F1', 2499),
    )
      .when(recordAllocation('alloc-2', rest, t(90)))
      .then([inventoryAllocated('alloc-2', rest, t(90)), fulfillmentRequested('F2', 'wh-1', rest, t(90), 'alloc-2')]);
  });
});
