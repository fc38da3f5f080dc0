import { z } from 'zod';
import { OrderStatus } from '../../domain/order';
import { LocationId } from '../../domain/kernel/value-objects';
import { canSeeChannel, Principal } from '../auth/roles';
import { notFound } from '../problem';
import { defineRoute } from '../route';
import { knownResources } from './known-resources';
import { RouteDependencies } from './route-dependencies';
import { listBody, LocationParams, OrderParams, Page } from './schemas';
import { Channel } from './order-commands.routes';
import { OrderView, PickListEntry } from '../schemas/order.responses';

const ORDER_READERS = ['analyst', 'auditor', 'admin', 'client'] as const;

const Instant = z.iso.datetime({ offset: true });

const OrderListQuery = Page.extend({
  status: OrderStatus.optional(),
  channel: Channel.optional(),
  customerId: z.string().min(1).max(128).optional(),
  placedFrom: Instant.optional(),
  placedTo: Instant.optional(),
});

const OrderSummary = OrderView;

/** A channel-bound key lists only its channel's orders; asking for another channel finds none. */
const channelFilter = (principal: Principal | null, requested: string | undefined) => {
  const bound = principal?.channel ?? null;
  if (bound === null) return { channel: requested, visible: true };
  return { channel: bound, visible: requested === undefined || requested === bound };
};

const toUtc = (instant: string | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());

export const orderReadRoutes = (deps: RouteDependencies) => [
  defineRoute({
    method: 'get',
    path: '/orders/{orderId}',
    summary: 'Track an order: status, lines with allocations, fulfilments and shipments, payment, timeline',
    tag: 'Orders',
    roles: ORDER_READERS,
    params: OrderParams,
    success: { status: 200, description: 'The order', schema: OrderView },
    async handle({ params, context }) {
      const order = await deps.queries.orders.get(params.orderId);
      if (!order || !context.principal || !canSeeChannel(context.principal, order.channel)) {
        throw notFound(`no order ${params.orderId}`);
      }
      return { status: 200, body: order, headers: { ETag: `"${order.revision}"` } };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/orders',
    summary: 'Orders, newest first, filtered by status, channel, customer and placement time',
    tag: 'Orders',
    roles: ORDER_READERS,
    query: OrderListQuery,
    success: { status: 200, description: 'A page of orders', schema: listBody(OrderSummary) },
    async handle({ query, context }) {
      const { channel, visible } = channelFilter(context.principal, query.channel);
      if (!visible) return { status: 200, body: { items: [], nextCursor: null } };
      const page = await deps.queries.orders.list(
        { ...query, channel, placedFrom: toUtc(query.placedFrom), placedTo: toUtc(query.placedTo) },
        query,
      );
      return { status: 200, body: page };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/customers/{customerId}/orders',
    summary: "A customer's orders, newest first",
    tag: 'Orders',
    roles: ORDER_READERS,
    params: z.object({ customerId: z.string().min(1).max(128) }).strict(),
    query: Page,
    success: { status: 200, description: 'A page of orders', schema: listBody(OrderSummary) },
    async handle({ params, query, context }) {
      const { channel } = channelFilter(context.principal, undefined);
      return { status: 200, body: await deps.queries.orders.list({ customerId: params.customerId, channel }, query) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/locations/{locationId}/pick-list',
    summary: 'Open fulfilments at a location with their lines, quantities and bins, oldest first',
    tag: 'Fulfilment',
    roles: ['warehouse', 'auditor', 'admin'],
    params: LocationParams.extend({ locationId: LocationId }),
    query: Page,
    success: { status: 200, description: 'A page of the pick list', schema: listBody(PickListEntry) },
    async handle({ params, query }) {
      await knownResources(deps.handlers).location(params.locationId);
      return { status: 200, body: await deps.queries.inventory.pickList(params.locationId, query) };
    },
  }),
];
