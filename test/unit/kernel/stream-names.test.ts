import fc from 'fast-check';
import { familyStreamId, productStreamId } from '../../../src/domain/catalog';
import { locationStreamId } from '../../../src/domain/location';
import { orderStreamId } from '../../../src/domain/order';
import { parseStreamId } from '../../../src/domain/kernel/stream-names';
import { stockStreamId } from '../../../src/domain/stock';

/** Ids drawn from the patterns the value objects accept (a SKU may contain dots and dashes). */
const sku = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const locationId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,31}$/);
const orderId = fc.uuid();

describe('stream ids', () => {
  it('reads back the order id an order stream is named after', () => {
    fc.assert(fc.property(orderId, (id) => expect(parseStreamId(orderStreamId(id))).toEqual({ streamType: 'order', orderId: id })));
  });

  it('reads back the location and SKU of a stock stream, even when the SKU has dots', () => {
    fc.assert(
      fc.property(locationId, sku, (loc, s) => expect(parseStreamId(stockStreamId(loc, s))).toEqual({ streamType: 'stock', locationId: loc, sku: s })),
    );
    expect(parseStreamId('stock-dc-1.A.B-2')).toEqual({ streamType: 'stock', locationId: 'dc-1', sku: 'A.B-2' });
  });

  it('reads back the SKU of a product stream', () => {
    fc.assert(fc.property(sku, (s) => expect(parseStreamId(productStreamId(s))).toEqual({ streamType: 'product', sku: s })));
  });

  it('reads back the product id of a product family stream, which no SKU stream is mistaken for', () => {
    fc.assert(fc.property(sku, (id) => expect(parseStreamId(familyStreamId(id))).toEqual({ streamType: 'family', productId: id })));
    expect(parseStreamId(productStreamId('family-TEE'))).toEqual({ streamType: 'product', sku: 'family-TEE' });
  });

  it('reads back the location id of a location stream', () => {
    fc.assert(fc.property(locationId, (loc) => expect(parseStreamId(locationStreamId(loc))).toEqual({ streamType: 'location', locationId: loc })));
  });

  it.each(['$all', 'orders-1', 'stock-without-dot', 'customer-1', ''])('knows %j is no stream of this system', (streamId) => {
    expect(parseStreamId(streamId)).toBeNull();
  });
});
