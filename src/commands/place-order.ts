import { productStreamId } from '../domain/catalog';
import { itemsTotal, orderStreamId, PlaceOrder, shippingCostFor, ShippingMethod } from '../domain/order';
import { CommandContext } from './command-handler';
import { CommandHandlers } from './command-handlers';

export type PlaceOrderInput = Omit<PlaceOrder['data'], 'lines' | 'shippingCost' | 'shippingMethod' | 'at'> & {
  lines: { sku: string; quantity: number; unitPrice?: number | undefined }[];
  shippingMethod: ShippingMethod;
};

/**
 * Places an order as a client sent it: a line without a price takes the
 * catalog's (an unknown SKU keeps 0 and fails validation with its reason),
 * and shipping is priced from the method, the currency and the items total
 * (a currency without rates costs 0 here and fails validation with its reason).
 */
export async function placeOrder(handlers: CommandHandlers, input: PlaceOrderInput, context: CommandContext & { at: string }) {
  const lines = await Promise.all(
    input.lines.map(async ({ sku, quantity, unitPrice }) => ({
      sku,
      quantity,
      unitPrice: unitPrice ?? (await catalogPrice(handlers, sku)),
    })),
  );
  const command: PlaceOrder = {
    type: 'PlaceOrder',
    data: { ...input, lines, shippingCost: shippingCostFor(input.shippingMethod, input.currency, itemsTotal(lines)) ?? 0, at: context.at },
  };
  return handlers.orders.handle(orderStreamId(input.orderId), command, { ...context, expectNewStream: true });
}

const catalogPrice = async (handlers: CommandHandlers, sku: string): Promise<number> => {
  const { state } = await handlers.products.load(productStreamId(sku));
  return state.exists ? state.unitPrice : 0;
};
