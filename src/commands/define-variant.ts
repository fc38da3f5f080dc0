import {
  decideProductFamily,
  DefineVariant,
  ExternalSkus,
  familyStreamId,
  OptionValues,
  ProductFamilyNotFound,
  productStreamId,
} from '../domain/catalog';
import { CommandContext } from './command-handler';
import { CommandHandlers } from './command-handlers';
import { StaleRevision } from './stale-revision';

export type DefineVariantInput = {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  /** The family's when left out; any other is refused. */
  currency?: string | undefined;
  active?: boolean | undefined;
  optionValues: OptionValues;
  externalSkus: ExternalSkus;
};

/**
 * A variant is a catalog product of its own (price, stock, allocation and
 * forecasts keep working per SKU) listed in its family. Two streams change:
 * the SKU's, which records its details and that it belongs to this family
 * (refused when it belongs to another), then the family's, which lists it
 * with its option values. The family's rules are checked first so a refused
 * variant changes neither; `expectedRevision` (If-Match) is the family's.
 */
export async function defineVariant(handlers: CommandHandlers, input: DefineVariantInput, context: CommandContext & { at: string }) {
  const { productId, sku } = input;
  const { at } = context;
  const familyStream = familyStreamId(productId);
  const family = await handlers.productFamilies.load(familyStream);
  if (!family.state.exists) throw new ProductFamilyNotFound(productId);
  if (context.expectedRevision !== undefined && context.expectedRevision !== family.revision) {
    throw new StaleRevision(familyStream, context.expectedRevision, family.revision);
  }
  const currency = input.currency ?? family.state.currency;
  const listing: DefineVariant = {
    type: 'DefineVariant',
    data: { productId, sku, currency, optionValues: input.optionValues, externalSkus: input.externalSkus, at },
  };
  decideProductFamily(listing, family.state);

  const productStream = productStreamId(sku);
  const { state } = await handlers.products.load(productStream);
  const active = input.active ?? (state.exists ? state.active : true);
  const product = await handlers.products.handle(
    productStream,
    { type: 'DefineProduct', data: { sku, name: input.name, unitPrice: input.unitPrice, currency, active, productId, at } },
    { ...context, expectedRevision: undefined },
  );
  const listed = await handlers.productFamilies.handle(familyStream, listing, { ...context, expectedRevision: undefined });
  return { product, family: listed, currency, active };
}
