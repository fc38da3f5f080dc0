import type { Decider } from '../kernel/decider';
import type { DefineProductFamily, DefineVariant, ProductFamilyCommand } from './family.commands';
import {
  CombinationTaken,
  ExternalSkuTaken,
  FamilyCurrencyMismatch,
  InvalidOptionValues,
  InvalidProductFamily,
  OptionInUse,
  ProductFamilyNotFound,
} from './family.errors';
import type { ProductFamilyEvent } from './family.events';
import { combinationKey, optionValueErrors, sameExternalSkus, variantCalled } from './family.rules';
import { evolve, initialProductFamilyState, type ProductFamilyState } from './family.state';
import { FamilyDetails, Platform } from './family.values';

type ExistingFamily = Extract<ProductFamilyState, { exists: true }>;

const validDetails = (candidate: FamilyDetails): FamilyDetails => {
  const parsed = FamilyDetails.safeParse(candidate);
  if (!parsed.success) throw new InvalidProductFamily(parsed.error.issues);
  return parsed.data;
};

const defineFamily = ({ data }: DefineProductFamily, s: ProductFamilyState): ProductFamilyEvent[] => {
  const { at, ...candidate } = data;
  const d = validDetails(candidate);
  if (!s.exists) return [{ type: 'ProductFamilyRegistered', data: { ...d, registeredAt: at } }];
  if (d.currency !== s.currency) throw new FamilyCurrencyMismatch(d.productId, s.currency, d.currency);
  const events: ProductFamilyEvent[] = [];
  if (d.name !== s.name) events.push({ type: 'ProductFamilyRenamed', data: { productId: d.productId, name: d.name, renamedAt: at } });
  if (JSON.stringify(d.options) !== JSON.stringify(s.options)) {
    const orphaned = s.variants.find((variant) => optionValueErrors(d.options, variant.optionValues).length > 0);
    if (orphaned) throw new OptionInUse(d.productId, orphaned.sku);
    events.push({ type: 'ProductFamilyOptionsChanged', data: { productId: d.productId, options: d.options, changedAt: at } });
  }
  return events;
};

const defineVariant = ({ data }: DefineVariant, s: ExistingFamily): ProductFamilyEvent[] => {
  const { productId, sku, currency, optionValues, externalSkus, at } = data;
  if (currency !== s.currency) throw new FamilyCurrencyMismatch(productId, s.currency, currency);
  const errors = optionValueErrors(s.options, optionValues);
  if (errors.length > 0) throw new InvalidOptionValues(productId, errors);
  const key = combinationKey(optionValues);
  const twin = s.variants.find((variant) => variant.sku !== sku && combinationKey(variant.optionValues) === key);
  if (twin) throw new CombinationTaken(productId, sku, twin.sku);
  for (const platform of Platform.options) {
    const externalSku = externalSkus[platform];
    const holder = externalSku === undefined ? undefined : variantCalled(s.variants, platform, externalSku, sku);
    if (holder) throw new ExternalSkuTaken(productId, platform, externalSku!, holder.sku);
  }
  const current = s.variants.find((variant) => variant.sku === sku);
  if (!current) return [{ type: 'VariantAdded', data: { productId, sku, optionValues, externalSkus, addedAt: at } }];
  if (combinationKey(current.optionValues) === key && sameExternalSkus(current.externalSkus, externalSkus)) return [];
  return [{ type: 'VariantChanged', data: { productId, sku, optionValues, externalSkus, changedAt: at } }];
};

export const decide = (command: ProductFamilyCommand, s: ProductFamilyState): ProductFamilyEvent[] => {
  switch (command.type) {
    case 'DefineProductFamily':
      return defineFamily(command, s);
    case 'DefineVariant':
      if (!s.exists) throw new ProductFamilyNotFound(command.data.productId);
      return defineVariant(command, s);
  }
};

export const productFamilyDecider: Decider<ProductFamilyCommand, ProductFamilyEvent, ProductFamilyState> = {
  initialState: initialProductFamilyState,
  decide,
  evolve,
};
