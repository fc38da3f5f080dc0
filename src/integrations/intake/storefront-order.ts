import { deterministicId } from '../../commands/event-ids';
import { StorefrontCharges } from '../../commands/place-order';
import type { Platform } from '../../domain/catalog';
import { Customer, OrderAlreadyExists, orderStreamId, PricedLine, ShippingAddress } from '../../domain/order';
import { DomainError } from '../../domain/kernel/domain-error';
import { RouteDependencies } from '../../http/routes/route-dependencies';

/**
 * An order as a storefront sent it, mapped to our terms and nothing decided:
 * prices, shipping, discount and tax are what the storefront charged, in
 * minor units. Anything the OMS would refuse (an unknown SKU, a blank address
 * line) is kept as sent, so validation records the order and rejects it with
 * its reasons.
 */
export type StorefrontOrder = {
  /** The storefront's own id of the order, exactly as sent (it may exceed 2^53). */
  platformOrderId: string;
  currency: string;
  customer: Customer;
  /** `sku` and `variantId` as the storefront names the item: the catalog says which of our SKUs it is. */
  lines: (PricedLine & { variantId: string | null })[];
  charges: StorefrontCharges;
  shippingAddress: ShippingAddress;
  notes: string | null;
};

/**
 * One delivery from a platform (a webhook, or one pull of a polling worker):
 * who sent it, and its id, to name it in the log and never apply it twice.
 */
export type Delivery = { platform: Platform; deliveryId: string | null; correlationId: string };

export type StorefrontIntake = Pick<RouteDependencies, 'placeOrder' | 'handlers' | 'now' | 'queries'>;

export type IntakeOutcome =
  | { outcome: 'placed' | 'already_placed' | 'cancelled' | 'already_cancelled'; orderId: string }
  | { outcome: 'not_cancelled'; orderId: string; reason: string };

/**
 * The OMS order id of a storefront's order: the same for every delivery of it,
 * so however often and under however many delivery ids it arrives (even at
 * once), the append that creates the stream decides and one order exists.
 */
export const storefrontOrderId = (platform: string, platformOrderId: string): string =>
  deterministicId(`storefront-order:${platform}:${platformOrderId}`);

const contextOf = (delivery: Delivery, step: string) => ({
  actor: `integration:${delivery.platform}`,
  correlationId: delivery.correlationId,
  causationId: delivery.deliveryId,
  ...(delivery.deliveryId === null ? {} : { eventIdSeed: `${delivery.platform}:${delivery.deliveryId}:${step}` }),
});

/**
 * Places the storefront's order in the channel named after the platform, its
 * prices and charges as sent and its payment as taken by the storefront. An
 * order placed before (by any delivery) is left as it is.
 */
export async function receiveStorefrontOrder(intake: StorefrontIntake, order: StorefrontOrder, delivery: Delivery): Promise<IntakeOutcome> {
  const orderId = storefrontOrderId(delivery.platform, order.platformOrderId);
  try {
    await intake.placeOrder(
      {
        orderId,
        channel: delivery.platform,
        externalRef: order.platformOrderId,
        customer: order.customer,
        currency: order.currency,
        lines: await ourLines(intake, delivery.platform, order.lines),
        shippingAddress: order.shippingAddress,
        shippingMethod: 'standard',
        payment: { method: 'external', token: null },
        notes: order.notes,
        pricing: 'as-sent',
        paidByChannel: { charges: order.charges },
      },
      { ...contextOf(delivery, 'place'), at: intake.now().toISOString(), expectNewStream: true },
    );
    return { outcome: 'placed', orderId };
  } catch (error) {
    if (error instanceof OrderAlreadyExists) return { outcome: 'already_placed', orderId };
    throw error;
  }
}

/**
 * Each line under our SKU: the variant the catalog maps to the storefront's
 * variant id or SKU, else the SKU as sent (validation rejects one we do not sell).
 */
const ourLines = (intake: StorefrontIntake, platform: Platform, lines: StorefrontOrder['lines']) =>
  Promise.all(
    lines.map(async ({ sku, variantId, quantity, unitPrice }) => ({
      sku: (await intake.queries.catalog.resolvePlatformSku(platform, { variantId, sku })) ?? sku,
      quantity,
      unitPrice,
    })),
  );

/**
 * Cancels the storefront's order. A cancellation can arrive before the order
 * it cancels (deliveries are not ordered), and its payload is the whole order:
 * the order is placed from it first, so the late creation finds it cancelled.
 * An order that has shipped is not cancelled; the answer says why.
 */
export async function cancelStorefrontOrder(
  intake: StorefrontIntake,
  order: StorefrontOrder,
  delivery: Delivery,
  reason: string,
): Promise<IntakeOutcome> {
  const { orderId } = await receiveStorefrontOrder(intake, order, delivery);
  try {
    const outcome = await intake.handlers.orders.handle(
      orderStreamId(orderId),
      { type: 'CancelOrder', data: { reason, at: intake.now().toISOString() } },
      contextOf(delivery, 'cancel'),
    );
    return { outcome: outcome.events.length > 0 ? 'cancelled' : 'already_cancelled', orderId };
  } catch (error) {
    // Shipped already, say: the storefront cannot undo that by retrying, so it is told, not refused.
    if (error instanceof DomainError) return { outcome: 'not_cancelled', orderId, reason: error.message };
    throw error;
  }
}
