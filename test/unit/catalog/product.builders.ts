import type { ProductCommand, ProductDetails, ProductEvent } from '../../../src/domain/catalog';

export const SKU = 'SKU-1';
export const AT = '2025-03-01T10:00:00.000Z';

const widget: ProductDetails = { sku: SKU, name: 'Widget', unitPrice: 1999, currency: 'USD', active: true };

export const productRegistered = (details: Partial<ProductDetails> = {}): ProductEvent => ({
  type: 'ProductRegistered',
  data: { ...widget, ...details, registeredAt: AT },
});

export const productRenamed = (name: string): ProductEvent => ({
  type: 'ProductRenamed',
  data: { sku: SKU, name, renamedAt: AT },
});

export const productRepriced = (
  [unitPrice, currency]: [number, string],
  [previousUnitPrice, previousCurrency]: [number, string],
): ProductEvent => ({
  type: 'ProductRepriced',
  data: { sku: SKU, unitPrice, currency, previousUnitPrice, previousCurrency, repricedAt: AT },
});

export const productDeactivated = (): ProductEvent => ({ type: 'ProductDeactivated', data: { sku: SKU, deactivatedAt: AT } });

export const productReactivated = (): ProductEvent => ({ type: 'ProductReactivated', data: { sku: SKU, reactivatedAt: AT } });

export const productJoinedFamily = (productId: string): ProductEvent => ({
  type: 'ProductJoinedFamily',
  data: { sku: SKU, productId, joinedAt: AT },
});

export const defineProduct = (details: Partial<ProductDetails> = {}): ProductCommand => ({
  type: 'DefineProduct',
  data: { ...widget, ...details, at: AT },
});

export const deactivateProduct = (): ProductCommand => ({ type: 'DeactivateProduct', data: { sku: SKU, at: AT } });
