import { z } from 'zod';

export const ShippingMethod = z.enum(['standard', 'express', 'next_day', 'pickup']);
export type ShippingMethod = z.infer<typeof ShippingMethod>;

export const shippingMethods = ShippingMethod.options;

/** Standard shipping is free from this items total on (minor units of the order's currency). */
export const FREE_STANDARD_SHIPPING_FROM = 5000;

const rates: Record<ShippingMethod, (itemsTotal: number) => number> = {
  standard: (itemsTotal) => (itemsTotal >= FREE_STANDARD_SHIPPING_FROM ? 0 : 499),
  express: () => 1499,
  next_day: () => 2999,
  pickup: () => 0,
};

export const shippingCostFor = (method: ShippingMethod, itemsTotal: number): number => rates[method](itemsTotal);
