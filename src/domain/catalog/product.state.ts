import type { ProductEvent } from './product.events';
import type { ProductDetails } from './product.values';

export type ProductState = { readonly exists: false } | ({ readonly exists: true } & ProductDetails);

export const initialProductState = (): ProductState => ({ exists: false });

export const evolve = (s: ProductState, e: ProductEvent): ProductState => {
  if (e.type === 'ProductRegistered') {
    const { sku, name, unitPrice, currency, active } = e.data;
    return { exists: true, sku, name, unitPrice, currency, active };
  }
  if (!s.exists) return s; // nothing to change before registration
  switch (e.type) {
    case 'ProductRenamed':
      return { ...s, name: e.data.name };
    case 'ProductRepriced':
      return { ...s, unitPrice: e.data.unitPrice, currency: e.data.currency };
    case 'ProductDeactivated':
      return { ...s, active: false };
    case 'ProductReactivated':
      return { ...s, active: true };
  }
};
