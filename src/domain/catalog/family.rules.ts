import type { ExternalSkus, OptionValues, Platform, ProductOption, Variant } from './family.values';

export type FieldError = { path: string; message: string };

/** Why these values do not name one of the options' combinations (none: they do). */
export const optionValueErrors = (options: readonly ProductOption[], values: OptionValues): FieldError[] => {
  const names = new Set(options.map((option) => option.name));
  const unknown = Object.keys(values)
    .filter((name) => !names.has(name))
    .map((name) => ({ path: `optionValues.${name}`, message: 'is not an option of this product' }));
  const missingOrWrong = options.flatMap((option): FieldError[] => {
    const value = values[option.name];
    if (value === undefined) return [{ path: `optionValues.${option.name}`, message: 'is required' }];
    if (!option.values.includes(value)) return [{ path: `optionValues.${option.name}`, message: `must be one of ${option.values.join(', ')}` }];
    return [];
  });
  return [...missingOrWrong, ...unknown];
};

/** The same combination gives the same key whatever order its values were written in. */
export const combinationKey = (values: OptionValues): string => JSON.stringify(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));

export const sameExternalSkus = (a: ExternalSkus, b: ExternalSkus): boolean => combinationKey(a as Record<string, string>) === combinationKey(b as Record<string, string>);

/** The variant that already goes by this storefront id, other than `sku` itself. */
export const variantCalled = (variants: readonly Variant[], platform: Platform, externalSku: string, sku: string): Variant | undefined =>
  variants.find((variant) => variant.sku !== sku && variant.externalSkus[platform] === externalSku);
