import { productStreamId, ProductState } from '../domain/catalog';
import { CommandHandlers } from './command-handlers';

/** Each distinct SKU's product as its own stream has it now (not a read model that may lag). */
export async function catalogProducts(handlers: CommandHandlers, skus: Iterable<string>): Promise<Map<string, ProductState>> {
  const distinct = [...new Set(skus)];
  const states = await Promise.all(distinct.map(async (sku) => (await handlers.products.load(productStreamId(sku))).state));
  return new Map(distinct.map((sku, index) => [sku, states[index]!]));
}
