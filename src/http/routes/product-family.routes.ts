import { z } from 'zod';
import { defineVariant } from '../../commands/define-variant';
import { ExternalSkus, FamilyDetails, familyStreamId, OptionValues, ProductId, ProductName } from '../../domain/catalog';
import { CurrencyCode, MinorUnits, Sku } from '../../domain/kernel/value-objects';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { ProductFamilyView } from '../schemas/catalog.responses';
import { ProductInventory } from '../schemas/inventory.responses';
import { ProductForecastResponse } from '../schemas/planning.responses';
import { commandContext, commandResponse } from './command-response';
import { knownResources } from './known-resources';
import { ForecastQuery } from './planning.routes';
import { RouteDependencies } from './route-dependencies';
import { listBody, Page } from './schemas';

const FamilyParams = z.object({ productId: ProductId }).strict();
const VariantParams = z.object({ productId: ProductId, sku: Sku }).strict();

const FamilyBody = FamilyDetails.omit({ productId: true }).strict();
const FamilyResponse = FamilyDetails.extend({ revision: z.number().int(), position: z.string() });

const VariantBody = z
  .object({
    name: ProductName,
    unitPrice: MinorUnits,
    currency: CurrencyCode.optional().meta({ description: "The family's when left out; any other is refused" }),
    active: z.boolean().optional(),
    optionValues: OptionValues,
    externalSkus: ExternalSkus.optional(),
  })
  .strict();
const VariantResponse = z.object({
  productId: z.string(),
  sku: z.string(),
  name: z.string(),
  unitPrice: z.number().int(),
  currency: z.string(),
  active: z.boolean(),
  optionValues: OptionValues,
  externalSkus: ExternalSkus,
  revision: z.number().int().meta({ description: "The family's revision (also the ETag)" }),
  position: z.string(),
});

export const productFamilyRoutes = (deps: RouteDependencies) => {
  const familyOf = async (productId: string) => {
    const family = await deps.queries.catalog.family(productId);
    if (!family) throw notFound(`no product family ${productId}`);
    return family;
  };
  return [
    defineRoute({
      method: 'put',
      path: '/product-families/{productId}',
      summary: 'Register a product with variants (its options, e.g. size and colour) or change its name or options',
      tag: 'Catalog',
      roles: ['admin'],
      params: FamilyParams,
      body: FamilyBody,
      success: { status: 200, description: 'Updated (201 when created)', schema: FamilyResponse },
      async handle({ params, body, context }) {
        const outcome = await deps.handlers.productFamilies.handle(
          familyStreamId(params.productId),
          { type: 'DefineProductFamily', data: { productId: params.productId, ...body, at: deps.now().toISOString() } },
          commandContext(context),
        );
        const created = outcome.events.some((event) => event.type === 'ProductFamilyRegistered');
        const headers: Record<string, string> = created ? { Location: `/product-families/${params.productId}` } : {};
        return commandResponse(created ? 201 : 200, { productId: params.productId, ...body }, outcome, headers);
      },
    }),
    defineRoute({
      method: 'put',
      path: '/product-families/{productId}/variants/{sku}',
      summary: 'Add a variant SKU to a product (or change it): its option values, name, price and storefront ids',
      tag: 'Catalog',
      roles: ['admin'],
      params: VariantParams,
      body: VariantBody,
      success: { status: 200, description: 'Updated (201 when the SKU became a variant)', schema: VariantResponse },
      async handle({ params, body, context }) {
        const externalSkus = body.externalSkus ?? {};
        const outcome = await defineVariant(deps.handlers, { ...params, ...body, externalSkus }, { ...commandContext(context), at: deps.now().toISOString() });
        const created = outcome.family.events.some((event) => event.type === 'VariantAdded');
        const { name, unitPrice, optionValues } = body;
        const last = outcome.family.position > outcome.product.position ? outcome.family : outcome.product;
        return commandResponse(
          created ? 201 : 200,
          { ...params, name, unitPrice, currency: outcome.currency, active: outcome.active, optionValues, externalSkus },
          { revision: outcome.family.revision, position: last.position },
          created ? { Location: `/product-families/${params.productId}` } : {},
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/product-families/{productId}',
      summary: 'A product with its options and its variants (each a SKU with its option values and price)',
      tag: 'Catalog',
      roles: ['admin', 'analyst', 'auditor'],
      params: FamilyParams,
      success: { status: 200, description: 'The product family', schema: ProductFamilyView },
      async handle({ params }) {
        const family = await deps.queries.catalog.familyWithVariants(params.productId);
        if (!family) throw notFound(`no product family ${params.productId}`);
        return { status: 200, body: family };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/product-families',
      summary: 'Products with variants, by product id',
      tag: 'Catalog',
      roles: ['admin', 'analyst', 'auditor'],
      query: Page,
      success: { status: 200, description: 'A page of product families', schema: listBody(ProductFamilyView) },
      async handle({ query }) {
        return { status: 200, body: await deps.queries.catalog.families(query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/product-families/{productId}/inventory',
      summary: "A product's stock: each variant SKU across every location, and the product's totals",
      tag: 'Inventory',
      roles: ['analyst', 'auditor', 'admin'],
      params: FamilyParams,
      success: { status: 200, description: 'Stock of the product', schema: ProductInventory },
      async handle({ params }) {
        return { status: 200, body: await deps.queries.productFamilies.inventoryOf(await familyOf(params.productId)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/product-families/{productId}/forecast',
      summary: "A product's demand forecast: each variant SKU forecast on its own history, and the product's sums",
      tag: 'Planning',
      roles: ['analyst', 'auditor', 'admin'],
      params: FamilyParams,
      query: ForecastQuery,
      success: { status: 200, description: 'The forecast', schema: ProductForecastResponse },
      async handle({ params, query }) {
        const family = await familyOf(params.productId);
        if (query.locationId !== undefined) await knownResources(deps.handlers).location(query.locationId);
        return { status: 200, body: await deps.queries.productFamilies.forecastOf(family, query) };
      },
    }),
  ];
};
