import { z } from 'zod';
import { v7 as uuidv7 } from 'uuid';
import { deterministicId } from '../../commands/event-ids';
import { FulfillmentId, HoldActor, MAX_ORDER_LINES, NotifyBy, OrderCommand, orderStatus, orderStreamId, ShippingMethod } from '../../domain/order';
import { CurrencyCode, E164_PHONE, MinorUnits, OrderId, Quantity, Sku } from '../../domain/kernel/value-objects';
import { canSeeChannel, Principal } from '../auth/roles';
import { forbidden, notFound } from '../problem';
import { defineRoute, RequestContext } from '../route';
import { commandContext, commandResponse } from './command-response';
import { RouteDependencies } from './route-dependencies';
import { optionalText, OrderParams, Reason, ShippingAddressBody, text } from './schemas';


export const Channel = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$');

export const PlaceOrderBody = z
  .object({
    orderId: OrderId.optional(),
    channel: Channel,
    externalRef: text(128).optional(),
    customer: z
      .object({ id: text(128), email: z.email().max(254), name: optionalText(200), phone: optionalText(40), notify: NotifyBy.optional() })
      .strict()
      .superRefine((customer, context) => {
        if (customer.notify && customer.notify !== 'email' && !E164_PHONE.test(customer.phone ?? '')) {
          context.addIssue({ code: 'custom', path: ['phone'], message: `notify "${customer.notify}" needs a phone number in E.164 form, such as +15555550100` });
        }
      }),
    currency: CurrencyCode,
    lines: z
      .array(z.object({ sku: Sku, quantity: Quantity, unitPrice: MinorUnits.max(100_000_000).optional() }).strict())
      .min(1)
      .max(MAX_ORDER_LINES),
    shippingAddress: ShippingAddressBody,
    shippingMethod: ShippingMethod.default('standard'),
    payment: z.object({ method: text(32), token: text(200).nullish() }).strict(),
    notes: z.string().max(2000).nullish(),
  })
  .strict();

const OrderCommandResponse = z.object({
  orderId: z.string(),
  status: z.string(),
  onHold: z.boolean(),
  revision: z.number().int(),
  position: z.string(),
});

/** With an Idempotency-Key and no orderId, the id is derived from the key, so a retry after a crash cannot place a second order. */
const orderIdOf = (body: { orderId?: string | undefined }, keyId: string, idempotencyKey: string | string[] | undefined): string =>
  body.orderId ?? (typeof idempotencyKey === 'string' ? deterministicId(`order:${keyId}:${idempotencyKey}`) : uuidv7());

const placedResponse = (orderId: string, outcome: { revision: number; position: bigint }) =>
  commandResponse(201, { orderId, status: 'placed', onHold: false }, outcome, { Location: `/orders/${orderId}` });

/** Holds and releases name who acted: the rules of who may lift a hold depend on it. */
const holdActorOf = (principal: Principal): HoldActor =>
  principal.role === 'admin' ? { by: 'admin', channel: null } : { by: 'client', channel: principal.channel };

const nullIfBlank = (value: string | null | undefined) => (value ? value : null);

export const orderCommandRoutes = (deps: RouteDependencies) => {
  /** Runs a command on an order the caller may see; others' orders do not exist for it. */
  const onVisibleOrder = async (orderId: string, context: RequestContext, command: OrderCommand) => {
    const streamId = orderStreamId(orderId);
    const { state } = await deps.handlers.orders.load(streamId);
    if (!state.exists || !context.principal || !canSeeChannel(context.principal, state.channel)) {
      throw notFound(`no order ${orderId}`);
    }
    const outcome = await deps.handlers.orders.handle(streamId, command, commandContext(context));
    if (!outcome.state.exists) throw notFound(`no order ${orderId}`);
    return commandResponse(200, { orderId, status: orderStatus(outcome.state), onHold: outcome.state.onHold }, outcome);
  };

  const fulfillmentStep = (step: 'picked' | 'packed' | 'shipped' | 'delivered', type: 'MarkFulfillmentPicked' | 'MarkFulfillmentPacked' | 'MarkFulfillmentShipped' | 'MarkFulfillmentDelivered') =>
    defineRoute({
      method: 'post',
      path: `/orders/{orderId}/fulfillments/{fulfillmentId}/${step}`,
      summary: `Mark a fulfilment ${step}`,
      tag: 'Fulfilment',
      roles: ['warehouse', 'admin'],
      params: z.object({ orderId: OrderId, fulfillmentId: FulfillmentId }).strict(),
      success: { status: 200, description: `Marked ${step}`, schema: OrderCommandResponse },
      handle: ({ params, context }) =>
        onVisibleOrder(params.orderId, context, {
          type,
          data: { fulfillmentId: params.fulfillmentId, at: deps.now().toISOString() },
        }),
    });

  return [
    defineRoute({
      method: 'post',
      path: '/orders',
      summary: 'Place an order from any channel',
      tag: 'Orders',
      roles: ['client', 'admin'],
      body: PlaceOrderBody,
      success: { status: 201, description: 'Placed: validation, payment and allocation follow', schema: OrderCommandResponse },
      async handle({ body, headers, context }) {
        const principal = context.principal!;
        if (!canSeeChannel(principal, body.channel)) {
          throw forbidden(`this key may only place orders in channel ${principal.channel}`);
        }
        const orderId = orderIdOf(body, principal.keyId, headers['idempotency-key']);
        const outcome = await deps.placeOrder(
          {
            orderId,
            channel: body.channel,
            externalRef: body.externalRef ?? null,
            customer: { ...body.customer, name: nullIfBlank(body.customer.name), phone: nullIfBlank(body.customer.phone) },
            currency: body.currency,
            lines: body.lines,
            shippingAddress: {
              ...body.shippingAddress,
              name: nullIfBlank(body.shippingAddress.name),
              line2: nullIfBlank(body.shippingAddress.line2),
              city: nullIfBlank(body.shippingAddress.city),
              region: nullIfBlank(body.shippingAddress.region),
            },
            shippingMethod: body.shippingMethod,
            payment: { method: body.payment.method, token: body.payment.token ?? null },
            notes: nullIfBlank(body.notes),
            // Admin keys carry prices already charged elsewhere; for client keys the catalog sets them.
            pricing: principal.role === 'admin' ? 'as-sent' : 'catalog',
          },
          { ...commandContext(context), at: deps.now().toISOString() },
        );
        return placedResponse(orderId, outcome);
      },
      async recover({ body, headers, context }) {
        const orderId = orderIdOf(body, context.principal!.keyId, headers['idempotency-key']);
        const history = await deps.queries.audit.history(orderId);
        const placed = history?.events.find((event) => event.type === 'OrderPlaced' && event.metadata.correlationId === context.correlationId);
        return placed ? placedResponse(orderId, { revision: placed.revision, position: BigInt(placed.position) }) : null;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/orders/{orderId}/cancel',
      summary: 'Cancel an order before its first shipment: reservations are released and the authorization voided',
      tag: 'Orders',
      roles: ['client', 'admin'],
      params: OrderParams,
      body: z.object({ reason: Reason }).strict(),
      success: { status: 200, description: 'Cancelled', schema: OrderCommandResponse },
      handle: ({ params, body, context }) =>
        onVisibleOrder(params.orderId, context, { type: 'CancelOrder', data: { reason: body.reason, at: deps.now().toISOString() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/{orderId}/hold',
      summary: 'Hold an order: it does not advance until released',
      tag: 'Orders',
      roles: ['client', 'admin'],
      params: OrderParams,
      body: z.object({ reason: Reason }).strict(),
      success: { status: 200, description: 'Held', schema: OrderCommandResponse },
      handle: ({ params, body, context }) =>
        onVisibleOrder(params.orderId, context, {
          type: 'HoldOrder',
          data: { reason: body.reason, ...holdActorOf(context.principal!), at: deps.now().toISOString() },
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/{orderId}/release',
      summary: 'Release a held order',
      tag: 'Orders',
      roles: ['client', 'admin'],
      params: OrderParams,
      success: { status: 200, description: 'Released', schema: OrderCommandResponse },
      handle: ({ params, context }) =>
        onVisibleOrder(params.orderId, context, { type: 'ReleaseOrder', data: { ...holdActorOf(context.principal!), at: deps.now().toISOString() } }),
    }),
    fulfillmentStep('picked', 'MarkFulfillmentPicked'),
    fulfillmentStep('packed', 'MarkFulfillmentPacked'),
    fulfillmentStep('shipped', 'MarkFulfillmentShipped'),
    fulfillmentStep('delivered', 'MarkFulfillmentDelivered'),
  ];
};
