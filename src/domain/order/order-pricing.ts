import { PriceMismatch, type PriceMismatchLine } from './order.errors';

/**
 * Who sets the prices of an order. `catalog`: the catalog does (client keys);
 * a line may leave its price out or send exactly the catalog's. `as-sent`: the
 * sender does, because it already charged the customer (admin keys,
 * storefront integrations); a line without a price takes the catalog's.
 */
export type PriceAuthority = 'catalog' | 'as-sent';

export type LineToPrice = { readonly sku: string; readonly quantity: number; readonly unitPrice?: number | undefined };
export type PricedLine = { sku: string; quantity: number; unitPrice: number };

/**
 * The price each line is recorded at. `catalogPrices` holds the price of every
 * SKU the catalog knows; an unknown SKU without a price is recorded at 0 and
 * validation rejects it. Throws PriceMismatch, naming every offending line,
 * when the catalog is the authority and a sent price is not the catalog's.
 */
export const priceLines = (
  lines: readonly LineToPrice[],
  catalogPrices: ReadonlyMap<string, number>,
  authority: PriceAuthority,
): PricedLine[] => {
  const mismatches: PriceMismatchLine[] = [];
  const priced = lines.map(({ sku, quantity, unitPrice }, i) => {
    const catalogPrice = catalogPrices.get(sku) ?? null;
    if (authority === 'catalog' && unitPrice !== undefined && unitPrice !== catalogPrice) {
      mismatches.push({ path: `lines[${i}].unitPrice`, sku, sentPrice: unitPrice, catalogPrice });
    }
    return { sku, quantity, unitPrice: unitPrice ?? catalogPrice ?? 0 };
  });
  if (mismatches.length > 0) throw new PriceMismatch(mismatches);
  return priced;
};
