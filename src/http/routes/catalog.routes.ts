import { z } from 'zod';
import { ProductDetails, productStreamId } from '../../domain/catalog';
import { LocationAddress, LocationDetails, locationStreamId } from '../../domain/location';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { commandContext, commandResponse } from './command-response';
import { RouteDependencies } from './route-dependencies';
import { listBody, LocationParams, Page, QueryBoolean, SkuParams } from './schemas';
import { LocationView, ProductView } from '../schemas/catalog.responses';

const ProductBody = ProductDetails.omit({ sku: true, active: true }).extend({ active: z.boolean().optional() }).strict();

const LocationBody = LocationDetails.omit({ locationId: true })
  .extend({
    address: LocationAddress.extend({
      region: z.string().trim().max(100).nullish(),
      city: z.string().trim().max(100).nullish(),
    }).strict(),
    active: z.boolean().optional(),
  })
  .strict();

const ProductResponse = ProductDetails.extend({ revision: z.number().int(), position: z.string() });
const LocationResponse = LocationDetails.extend({ active: z.boolean(), revision: z.number().int(), position: z.string() });

const emptyToNull = (value: string | null | undefined) => (value ? value : null);

export const catalogRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'put',
    path: '/products/{sku}',
    summary: 'Register a product or change its name, price, currency or active flag',
    tag: 'Catalog',
    roles: ['admin'],
    params: SkuParams,
    body: ProductBody,
    success: { status: 200, description: 'Updated (201 when created)', schema: ProductResponse },
    async handle({ params, body, context }) {
      const streamId = productStreamId(params.sku);
      const { state } = await deps.handlers.products.load(streamId);
      const active = body.active ?? (state.exists ? state.active : true);
      const outcome = await deps.handlers.products.handle(
        streamId,
        { type: 'DefineProduct', data: { sku: params.sku, ...body, active, at: deps.now().toISOString() } },
        commandContext(context),
      );
      const created = outcome.events.some((event) => event.type === 'ProductRegistered');
      return commandResponse(created ? 201 : 200, { sku: params.sku, name: body.name, unitPrice: body.unitPrice, currency: body.currency, active }, outcome, created ? { Location: `/products/${params.sku}` } : {});
    },
  }),
  defineRoute({
    method: 'get',
    path: '/products/{sku}',
    summary: 'A product as the catalog holds it',
    tag: 'Catalog',
    roles: ['admin', 'analyst', 'auditor'],
    params: SkuParams,
    success: { status: 200, description: 'The product', schema: ProductView },
    async handle({ params }) {
      const product = await deps.queries.catalog.product(params.sku);
      if (!product) throw notFound(`no product ${params.sku}`);
      return { status: 200, body: product };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/products',
    summary: 'Products, by SKU',
    tag: 'Catalog',
    roles: ['admin', 'analyst', 'auditor'],
    query: Page.extend({ active: QueryBoolean.optional() }),
    success: { status: 200, description: 'A page of products', schema: listBody(ProductView) },
    async handle({ query }) {
      return { status: 200, body: await deps.queries.catalog.products({ active: query.active }, query) };
    },
  }),
  defineRoute({
    method: 'put',
    path: '/locations/{locationId}',
    summary: 'Register a warehouse or store, or change its details, priority or active flag',
    tag: 'Catalog',
    roles: ['admin'],
    params: LocationParams,
    body: LocationBody,
    success: { status: 200, description: 'Updated (201 when created)', schema: LocationResponse },
    async handle({ params, body, context }) {
      const streamId = locationStreamId(params.locationId);
      const { state } = await deps.handlers.locations.load(streamId);
      const active = body.active ?? (state.exists ? state.active : true);
      const address = { ...body.address, region: emptyToNull(body.address.region), city: emptyToNull(body.address.city) };
      const details = { locationId: params.locationId, name: body.name, kind: body.kind, priority: body.priority, address };
      const outcome = await deps.handlers.locations.handle(
        streamId,
        { type: 'DefineLocation', data: { ...details, active, at: deps.now().toISOString() } },
        commandContext(context),
      );
      const created = outcome.events.some((event) => event.type === 'LocationRegistered');
      return commandResponse(created ? 201 : 200, { ...details, active }, outcome, created ? { Location: `/locations/${params.locationId}` } : {});
    },
  }),
  defineRoute({
    method: 'get',
    path: '/locations',
    summary: 'Locations, by allocation priority',
    tag: 'Catalog',
    roles: ['admin', 'analyst', 'auditor', 'warehouse'],
    query: Page.extend({ active: QueryBoolean.optional() }),
    success: { status: 200, description: 'A page of locations', schema: listBody(LocationView) },
    async handle({ query }) {
      return { status: 200, body: await deps.queries.catalog.locations({ active: query.active }, query) };
    },
  }),
];
