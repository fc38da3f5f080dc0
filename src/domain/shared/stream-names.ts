/**
 * The prefixes of every stream this system writes (product-, location-,
 * order-, stock-: see each aggregate's *.stream.ts). A shared event store
 * reads only these for the projections; a new aggregate adds its prefix here.
 */
export const OMS_STREAM_PREFIXES: readonly string[] = ['product-', 'location-', 'order-', 'stock-'];
