import type { OrderEvent } from '../../../src/domain/order';
import { evolveOrderRecord, OrderRecord, recordOfDocument } from '../../../src/projections/read-models/order-record';
import { delivered, shipmentTrackingUpdated, t } from '../order/order-builders';

const recordAfter = (history: OrderEvent[]) => history.reduce<OrderRecord | null>(evolveOrderRecord, null)!;

/** The one state an orders document held before the record split: decision state and details in one. */
const legacyStateOf = ({ state, details }: OrderRecord, trackingUpdatedAt: string) => {
  const { fulfillments: fulfillmentDetails, ...orderDetails } = details;
  const fulfillments = Object.fromEntries(
    Object.entries(state.fulfillments).map(([id, f]) => [
      id,
      { ...f, ...fulfillmentDetails[id], tracking: f.tracking && { ...f.tracking, updatedAt: trackingUpdatedAt } },
    ]),
  );
  return { ...state, ...orderDetails, fulfillments };
};

describe('order record', () => {
  const history = [...delivered(), shipmentTrackingUpdated('F1', 'exception', 'late scan', t(31))];

  it('keeps beside the decision state what only readers want', () => {
    const { state, details } = recordAfter(history);
    expect(state).not.toHaveProperty('timeline');
    expect(details).toMatchObject({ externalRef: 'WEB-1001', notes: null, status: 'delivered', updatedAt: t(31) });
    expect(details.shippingAddress).toMatchObject({ name: 'Ada Lovelace', city: expect.any(String) });
    expect(details.fulfillments.F1).toEqual({
      requestedAt: t(3),
      readyForPickupAt: null,
      deliveredAt: t(10),
      label: { carrier: 'ups', service: 'ground', trackingNumber: '1Z-F1', labelUrl: 'https://labels.example.com/F1.pdf', cost: 850, estimatedDeliveryDate: '2025-03-04', createdAt: t(20) },
    });
  });

  it('reads a document an older version wrote, whose one state held every detail, as the record folded today', () => {
    const record = recordAfter(history);
    expect(recordOfDocument({ state: legacyStateOf(record, t(31)) as unknown as OrderRecord['state'] })).toEqual(record);
  });

  it('reads a current document as stored', () => {
    const record = recordAfter(history);
    expect(recordOfDocument(record)).toEqual(record);
  });
});
