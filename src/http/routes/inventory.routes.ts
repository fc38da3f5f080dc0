import { z } from 'zod';
import { atp, available, isOutOfStock, stockStreamId, StockPolicy } from '../../domain/stock';
import { LocationId, Quantity, Sku } from '../../domain/kernel/value-objects';
import { ProductId } from '../../domain/catalog';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { commandContext, commandResponse } from './command-response';
import { knownResources } from './known-resources';
import { RouteDependencies } from './route-dependencies';
import { listBody, Page, QueryBoolean, Reason, SkuParams } from './schemas';
import { InventoryRow, SkuInventory } from '../schemas/inventory.responses';

const MAX_DELTA = 1_000_000;

const ReceiptBody = z
  .object({ locationId: LocationId, sku: Sku, quantity: Quantity, reference: z.string().trim().min(1).max(200).optional() })
  .strict();

const AdjustmentBody = z
  .object({
    locationId: LocationId,
    sku: Sku,
    delta: z.number().int().min(-MAX_DELTA).max(MAX_DELTA).refine((delta) => delta !== 0, 'must not be zero'),
    reason: Reason,
  })
  .strict();

const PolicyBody = StockPolicy.extend({
  safetyStock: z.number().int().min(0).max(MAX_DELTA),
  lowStockThreshold: z.number().int().min(0).max(MAX_DELTA),
  leadTimeDays: z.number().int().min(0).max(365),
  bin: z.string().trim().min(1).max(64).nullish(),
}).strict();

const StockLevel = z.object({
  locationId: z.string(),
  sku: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  atp: z.number().int(),
  revision: z.number().int(),
  position: z.string(),
});

const levelOf = (locationId: string, sku: string, state: Parameters<typeof atp>[0]) => ({
  locationId,
  sku,
  onHand: state.onHand,
  reserved: state.reserved,
  available: available(state),
  atp: atp(state),
  safetyStock: state.safetyStock,
  lowStock: state.lowStock,
  outOfStock: isOutOfStock(state),
  bin: state.bin,
});

/** A SKU the catalog knows that no location has stocked yet: nothing anywhere. */
const noStock = (sku: string) => ({ sku, totals: { onHand: 0, reserved: 0, available: 0, atp: 0 }, locations: [] });

/** The SKUs of a product family's variants, for stock rows grouped by product. */
const variantSkusOf = async (deps: RouteDependencies, productId: string) => {
  const family = await deps.queries.catalog.family(productId);
  if (!family) throw notFound(`no product family ${productId}`);
  return family.variants.map((variant) => variant.sku);
};

export const inventoryRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'post',
    path: '/inventory/receipts',
    summary: 'Receive stock at a location',
    tag: 'Inventory',
    roles: ['warehouse', 'admin'],
    body: ReceiptBody,
    success: { status: 201, description: 'Received', schema: StockLevel },
    async handle({ body, context }) {
      await knownResources(deps.handlers).stockTarget(body.locationId, body.sku);
      const outcome = await deps.handlers.stock.handle(
        stockStreamId(body.locationId, body.sku),
        { type: 'ReceiveStock', data: { ...body, reference: body.reference ?? null, at: deps.now().toISOString() } },
        commandContext(context),
      );
      return commandResponse(201, levelOf(body.locationId, body.sku, outcome.state), outcome);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/inventory/adjustments',
    summary: 'Correct on-hand stock (count, damage, loss); refused below what is reserved',
    tag: 'Inventory',
    roles: ['warehouse', 'admin'],
    body: AdjustmentBody,
    success: { status: 201, description: 'Adjusted', schema: StockLevel },
    async handle({ body, context }) {
      await knownResources(deps.handlers).stockTarget(body.locationId, body.sku);
      const outcome = await deps.handlers.stock.handle(
        stockStreamId(body.locationId, body.sku),
        { type: 'AdjustStock', data: { ...body, at: deps.now().toISOString() } },
        commandContext(context),
      );
      return commandResponse(201, levelOf(body.locationId, body.sku, outcome.state), outcome);
    },
  }),
  defineRoute({
    method: 'put',
    path: '/inventory/{locationId}/{sku}/policy',
    summary: 'Set safety stock, low-stock threshold, lead time and bin for a SKU at a location',
    tag: 'Inventory',
    roles: ['warehouse', 'admin'],
    params: z.object({ locationId: LocationId, sku: Sku }).strict(),
    body: PolicyBody,
    success: { status: 200, description: 'Policy set', schema: StockLevel },
    async handle({ params, body, context }) {
      await knownResources(deps.handlers).stockTarget(params.locationId, params.sku);
      const outcome = await deps.handlers.stock.handle(
        stockStreamId(params.locationId, params.sku),
        { type: 'SetStockPolicy', data: { ...params, ...body, bin: body.bin ?? null, at: deps.now().toISOString() } },
        commandContext(context),
      );
      const { safetyStock, lowStockThreshold, leadTimeDays, bin } = outcome.state;
      return commandResponse(200, { ...levelOf(params.locationId, params.sku, outcome.state), safetyStock, lowStockThreshold, leadTimeDays, bin }, outcome);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/inventory/{sku}',
    summary: 'A SKU across every location, with totals',
    tag: 'Inventory',
    roles: ['analyst', 'auditor', 'admin'],
    params: SkuParams,
    success: { status: 200, description: 'Stock of the SKU', schema: SkuInventory },
    async handle({ params }) {
      const inventory = await deps.queries.inventory.forSku(params.sku);
      if (inventory) return { status: 200, body: inventory };
      await knownResources(deps.handlers).product(params.sku);
      return { status: 200, body: noStock(params.sku) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/inventory',
    summary: "Stock rows per SKU and location, e.g. those at or below their low-stock threshold, or a product's variants",
    tag: 'Inventory',
    roles: ['analyst', 'auditor', 'admin'],
    query: Page.extend({ lowStock: QueryBoolean.optional(), locationId: LocationId.optional(), productId: ProductId.optional() }),
    success: { status: 200, description: 'A page of stock rows', schema: listBody(InventoryRow) },
    async handle({ query }) {
      const skus = query.productId === undefined ? undefined : await variantSkusOf(deps, query.productId);
      return { status: 200, body: await deps.queries.inventory.list({ lowStock: query.lowStock, locationId: query.locationId, skus }, query) };
    },
  }),
];
