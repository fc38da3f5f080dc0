import { catalogProducts } from './catalog-products';
import {
  assertOrderAmounts,
  itemsTotal,
  orderStreamId,
  PAID_BY_CHANNEL,
  PlaceOrder,
  priceLines,
  PriceAuthority,
  shippingCostFor,
  ShippingMethod,
  UnsupportedPaymentMethod,
} from '../domain/order';
import { PaymentSecrets } from '../infrastructure/secrets/payment-secrets';
import { CommandContext } from './command-handler';
import { CommandHandlers } from './command-handlers';

/** What a storefront charged besides the lines, in minor units: kept as sent instead of our shipping rates. */
export type StorefrontCharges = { shipping: number; discount: number; tax: number };

export type PlaceOrderInput = Omit<PlaceOrder['data'], 'lines' | 'shippingCost' | 'discount' | 'tax' | 'shippingMethod' | 'payment' | 'at'> & {
  lines: { sku: string; quantity: number; unitPrice?: number | undefined }[];
  shippingMethod: ShippingMethod;
  /** The token goes to the secret store, never into the order's events. */
  payment: { method: string; token: string | null };
  /** Who sets the prices: the catalog (client keys) or the sender (admin keys, storefronts). */
  pricing: PriceAuthority;
  /**
   * Only a storefront integration sets these: its checkout took the payment
   * (recorded as method `external`, nothing for our gateway to do), and its
   * shipping, discount and tax are kept as charged.
   */
  paidByChannel?: { charges: StorefrontCharges };
};

/** What placing an order needs besides the command handlers. */
export type OrderIntake = {
  handlers: CommandHandlers;
  secrets: PaymentSecrets;
  /** The most one order may come to, in minor units. */
  maxOrderTotal: number;
  /** What the payment gateway can take: anything else would be accepted only to fail. */
  paymentMethods: readonly string[];
};

/**
 * Places an order, refusing at the door what could only go wrong later: a
 * payment method the gateway does not take, a price that is not the catalog's
 * where the catalog sets prices, money that cannot be counted exactly or is
 * above the ceiling. Prices are read from the product streams themselves (not
 * a read model that may lag), and the order records the prices it will be
 * charged at. The card token is kept in the secret store, keyed by the order,
 * before the order exists, so the authorization always finds it.
 * Shipping is priced from the method, the currency and the items total (a
 * currency without rates costs 0 here and fails validation with its reason).
 */
export async function placeOrder(intake: OrderIntake, input: PlaceOrderInput, context: CommandContext & { at: string }) {
  const { handlers } = intake;
  const { payment, pricing, paidByChannel, ...order } = input;
  if (!paidByChannel && (payment.method === PAID_BY_CHANNEL || !intake.paymentMethods.includes(payment.method))) {
    throw new UnsupportedPaymentMethod(payment.method, intake.paymentMethods);
  }
  const lines = priceLines(input.lines, await catalogPrices(handlers, input.lines), pricing);
  const charges = paidByChannel?.charges ?? {
    shipping: shippingCostFor(input.shippingMethod, input.currency, itemsTotal(lines)) ?? 0,
    discount: 0,
    tax: 0,
  };
  const amounts = { lines, shippingCost: charges.shipping, discount: charges.discount, tax: charges.tax };
  assertOrderAmounts({ currency: input.currency, ...amounts }, intake.maxOrderTotal);

  // The secret store keeps the first token of an order: a request reusing an existing order's id cannot
  // replace its token, and a token this request kept goes again when the order is refused.
  const kept = payment.token !== null && (await intake.secrets.keep(input.orderId, payment.token));
  const command: PlaceOrder = {
    type: 'PlaceOrder',
    data: { ...order, ...amounts, payment: { method: paidByChannel ? PAID_BY_CHANNEL : payment.method }, at: context.at },
  };
  try {
    return await handlers.orders.handle(orderStreamId(input.orderId), command, { ...context, expectNewStream: true });
  } catch (error) {
    if (kept) await intake.secrets.erase(input.orderId);
    throw error;
  }
}

const catalogPrices = async (handlers: CommandHandlers, lines: readonly { sku: string }[]): Promise<Map<string, number>> => {
  const products = await catalogProducts(handlers, lines.map((line) => line.sku));
  return new Map([...products].flatMap(([sku, product]) => (product.exists ? [[sku, product.unitPrice] as const] : [])));
};
