import type { ProductEvent } from './product.events';
import type { ProductDetails, ProductId } from './product.values';

/** `productId`: the product family the SKU is a variant of, or null for a product on its own. */
export type ProductState = { readonly exists: false } | ({ readonly exists: true; readonly productId: ProductId | null } & ProductDetails);

export const initialProductState = (): ProductState => ({ exists: false });

export const evolve = (s: ProductState, e: ProductEvent): ProductState => {
  if (e.type === 'ProductRegistered') {
    const { sku, name, unitPrice, currency, active } = e.data;
    return { exists: true, sku, name, unitPrice, currency, active, productId: null };
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
    case 'ProductJoinedFamily':
      return { ...s, productId: e.data.productId };
  }
};
