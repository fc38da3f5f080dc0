import { parseFamilyStreamId } from '../catalog/family.stream';
import { parseProductStreamId } from '../catalog/product.stream';
import { parseLocationStreamId } from '../location/location.stream';
import { parseOrderStreamId } from '../order/order.stream';
import { parseStockStreamId } from '../stock/stock.stream';
import type { LocationId, OrderId, Sku } from './value-objects';

/**
 * The prefixes of every stream this system writes (product-, family-,
 * location-, order-, stock-: see each aggregate's *.stream.ts). A shared event store
 * reads only these for the projections; a new aggregate adds its prefix here.
 */
export const OMS_STREAM_PREFIXES: readonly string[] = ['product-', 'family-', 'location-', 'order-', 'stock-'];

export type StreamName =
  | { streamType: 'order'; orderId: OrderId }
  | { streamType: 'stock'; locationId: LocationId; sku: Sku }
  | { streamType: 'product'; sku: Sku }
  | { streamType: 'family'; productId: string }
  | { streamType: 'location'; locationId: LocationId };

/** What a stream of this system is about, or null for a stream it does not write. */
export const parseStreamId = (streamId: string): StreamName | null => {
  const orderId = parseOrderStreamId(streamId);
  if (orderId !== null) return { streamType: 'order', orderId };
  const stock = parseStockStreamId(streamId);
  if (stock) return { streamType: 'stock', ...stock };
  const sku = parseProductStreamId(streamId);
  if (sku !== null) return { streamType: 'product', sku };
  const productId = parseFamilyStreamId(streamId);
  if (productId !== null) return { streamType: 'family', productId };
  const locationId = parseLocationStreamId(streamId);
  if (locationId !== null) return { streamType: 'location', locationId };
  return null;
};
