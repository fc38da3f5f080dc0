import type { ProductFamilyEvent } from './family.events';
import type { FamilyDetails, Variant } from './family.values';

export type ProductFamilyState =
  | { readonly exists: false }
  | ({ readonly exists: true; readonly variants: readonly Variant[] } & FamilyDetails);

export const initialProductFamilyState = (): ProductFamilyState => ({ exists: false });

export const evolve = (s: ProductFamilyState, e: ProductFamilyEvent): ProductFamilyState => {
  if (e.type === 'ProductFamilyRegistered') {
    const { productId, name, currency, options } = e.data;
    return { exists: true, productId, name, currency, options, variants: [] };
  }
  if (!s.exists) return s; // nothing to change before registration
  switch (e.type) {
    case 'ProductFamilyRenamed':
      return { ...s, name: e.data.name };
    case 'ProductFamilyOptionsChanged':
      return { ...s, options: e.data.options };
    case 'VariantAdded':
    case 'VariantChanged': {
      const { sku, optionValues, externalSkus } = e.data;
      const variant = { sku, optionValues, externalSkus };
      const known = s.variants.some((v) => v.sku === sku);
      return { ...s, variants: known ? s.variants.map((v) => (v.sku === sku ? variant : v)) : [...s.variants, variant] };
    }
  }
};
