import { z } from 'zod';
import { InexactAmount } from './decimal-money';
import { answerIntake, ignored, WebhookReceipt } from './signed-webhook';
import { cancelStorefrontOrder, Delivery, receiveStorefrontOrder, StorefrontIntake, StorefrontOrder } from './storefront-order';
import { UnplaceableCharges } from './storefront-totals';

/** What a delivery asks of the OMS, decided from its topic and payload by the platform's route. */
export type StorefrontAction = { kind: 'place' } | { kind: 'cancel'; reason: string } | { kind: 'ignore'; reason: string };

/**
 * Reads a delivered payload (a signed webhook's, a pulled order) as the
 * platform's order and does what its topic asks. A payload that is no order
 * we can record (no id, no lines, money that is not whole minor units) is
 * ignored with the reason and left: the platform would only send it again.
 */
export async function takeStorefrontDelivery<Payload>(
  intake: StorefrontIntake,
  delivery: Delivery,
  input: { payload: unknown; schema: z.ZodType<Payload>; map: (payload: Payload) => StorefrontOrder; action: (payload: Payload) => StorefrontAction },
): Promise<WebhookReceipt> {
  const parsed = input.schema.safeParse(input.payload);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    return ignored(`the payload is not an order we can record (${fields.join('; ')})`);
  }
  const action = input.action(parsed.data);
  if (action.kind === 'ignore') return ignored(action.reason);
  let order: StorefrontOrder;
  try {
    order = input.map(parsed.data);
  } catch (error) {
    if (error instanceof InexactAmount || error instanceof UnplaceableCharges) return ignored(error.message);
    throw error;
  }
  return answerIntake(() =>
    action.kind === 'place' ? receiveStorefrontOrder(intake, order, delivery) : cancelStorefrontOrder(intake, order, delivery, action.reason),
  );
}
