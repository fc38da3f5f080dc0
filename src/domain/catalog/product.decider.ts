import type { Decider } from '../kernel/decider';
import type { ProductCommand } from './product.commands';
import { FamilyCurrencyFixed, InvalidProduct, ProductInOtherFamily, ProductNotFound } from './product.errors';
import type { ProductEvent } from './product.events';
import { evolve, initialProductState, type ProductState } from './product.state';
import { ProductDetails } from './product.values';

const validDetails = (candidate: ProductDetails): ProductDetails => {
  const parsed = ProductDetails.safeParse(candidate);
  if (!parsed.success) throw new InvalidProduct(parsed.error.issues);
  return parsed.data;
};

export const decide = (command: ProductCommand, s: ProductState): ProductEvent[] => {
  switch (command.type) {
    case 'DefineProduct': {
      const { at, productId, ...candidate } = command.data;
      const d = validDetails(candidate);
      const joined: ProductEvent[] =
        productId !== undefined && (!s.exists || s.productId === null) ? [{ type: 'ProductJoinedFamily', data: { sku: d.sku, productId, joinedAt: at } }] : [];
      if (!s.exists) return [{ type: 'ProductRegistered', data: { ...d, registeredAt: at } }, ...joined];
      if (s.productId !== null && productId !== undefined && productId !== s.productId) throw new ProductInOtherFamily(d.sku, s.productId, productId);
      if (s.productId !== null && d.currency !== s.currency) throw new FamilyCurrencyFixed(d.sku, s.productId, s.currency);
      const events: ProductEvent[] = [];
      if (d.name !== s.name) events.push({ type: 'ProductRenamed', data: { sku: d.sku, name: d.name, renamedAt: at } });
      if (d.unitPrice !== s.unitPrice || d.currency !== s.currency) {
        events.push({
          type: 'ProductRepriced',
          data: {
            sku: d.sku,
            unitPrice: d.unitPrice,
            currency: d.currency,
            previousUnitPrice: s.unitPrice,
            previousCurrency: s.currency,
            repricedAt: at,
          },
        });
      }
      if (d.active !== s.active) {
        events.push(
          d.active
            ? { type: 'ProductReactivated', data: { sku: d.sku, reactivatedAt: at } }
            : { type: 'ProductDeactivated', data: { sku: d.sku, deactivatedAt: at } },
        );
      }
      return [...events, ...joined];
    }
    case 'DeactivateProduct': {
      const { sku, at } = command.data;
      if (!s.exists) throw new ProductNotFound(sku);
      if (!s.active) return [];
      return [{ type: 'ProductDeactivated', data: { sku, deactivatedAt: at } }];
    }
  }
};

export const productDecider: Decider<ProductCommand, ProductEvent, ProductState> = {
  initialState: initialProductState,
  decide,
  evolve,
};
