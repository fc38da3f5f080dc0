import type { ExternalSkus, OptionValues, ProductFamilyCommand, ProductFamilyEvent, ProductOption } from '../../../src/domain/catalog';

export const PRODUCT_ID = 'TEE';
export const AT = '2025-03-01T10:00:00.000Z';

export const SIZES_AND_COLOURS: ProductOption[] = [
  { name: 'Size', values: ['S', 'M', 'L'] },
  { name: 'Colour', values: ['Red', 'Blue'] },
];

const tee = { productId: PRODUCT_ID, name: 'T-shirt', currency: 'USD', options: SIZES_AND_COLOURS };

type FamilyFields = { name?: string; currency?: string; options?: ProductOption[] };

export const familyRegistered = (fields: FamilyFields = {}): ProductFamilyEvent => ({
  type: 'ProductFamilyRegistered',
  data: { ...tee, ...fields, registeredAt: AT },
});

export const familyRenamed = (name: string): ProductFamilyEvent => ({ type: 'ProductFamilyRenamed', data: { productId: PRODUCT_ID, name, renamedAt: AT } });

export const optionsChanged = (options: ProductOption[]): ProductFamilyEvent => ({
  type: 'ProductFamilyOptionsChanged',
  data: { productId: PRODUCT_ID, options, changedAt: AT },
});

export const variantAdded = (sku: string, optionValues: OptionValues, externalSkus: ExternalSkus = {}): ProductFamilyEvent => ({
  type: 'VariantAdded',
  data: { productId: PRODUCT_ID, sku, optionValues, externalSkus, addedAt: AT },
});

export const variantChanged = (sku: string, optionValues: OptionValues, externalSkus: ExternalSkus = {}): ProductFamilyEvent => ({
  type: 'VariantChanged',
  data: { productId: PRODUCT_ID, sku, optionValues, externalSkus, changedAt: AT },
});

export const defineFamily = (fields: FamilyFields = {}): ProductFamilyCommand => ({
  type: 'DefineProductFamily',
  data: { ...tee, ...fields, at: AT },
});

export const defineVariant = (sku: string, optionValues: OptionValues, options: { externalSkus?: ExternalSkus; currency?: string } = {}): ProductFamilyCommand => ({
  type: 'DefineVariant',
  data: { productId: PRODUCT_ID, sku, currency: options.currency ?? 'USD', optionValues, externalSkus: options.externalSkus ?? {}, at: AT },
});
