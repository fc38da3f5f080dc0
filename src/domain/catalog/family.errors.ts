import type { z } from 'zod';
import { DomainError } from '../kernel/domain-error';

export class ProductFamilyNotFound extends DomainError {
  readonly code = 'PRODUCT_FAMILY.NOT_FOUND';

  constructor(productId: string) {
    super(`product family ${productId} is not registered`, { productId });
  }
}

type FieldError = { path: string; message: string };

/** Details that break a family rule (blank name, no options, a repeated option or value). */
export class InvalidProductFamily extends DomainError {
  readonly code = 'PRODUCT_FAMILY.INVALID';

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super(`invalid product family: ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, {
      errors: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
}

/** A variant must give exactly one of the family's values for each of its options. */
export class InvalidOptionValues extends DomainError {
  readonly code = 'PRODUCT_FAMILY.INVALID_OPTION_VALUES';

  constructor(productId: string, errors: FieldError[]) {
    super(`option values do not fit product family ${productId}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, { errors });
  }
}

/** One variant per combination of option values. */
export class CombinationTaken extends DomainError {
  readonly code = 'PRODUCT_FAMILY.COMBINATION_TAKEN';

  constructor(productId: string, sku: string, takenBy: string) {
    super(`variant ${takenBy} of ${productId} already has the option values asked for ${sku}`, { productId, sku, takenBy });
  }
}

export class FamilyCurrencyMismatch extends DomainError {
  readonly code = 'PRODUCT_FAMILY.CURRENCY_MISMATCH';

  constructor(productId: string, familyCurrency: string, currency: string) {
    super(`product family ${productId} is priced in ${familyCurrency}, not ${currency}`, { productId, familyCurrency, currency });
  }
}

/** New options would leave a variant with a value (or an option) the family no longer has. */
export class OptionInUse extends DomainError {
  readonly code = 'PRODUCT_FAMILY.OPTION_IN_USE';

  constructor(productId: string, sku: string) {
    super(`variant ${sku} of ${productId} uses an option value the new options drop`, { productId, sku });
  }
}

/** A storefront id or SKU maps to one variant only, or orders from that storefront could not be resolved. */
export class ExternalSkuTaken extends DomainError {
  readonly code = 'PRODUCT_FAMILY.EXTERNAL_SKU_TAKEN';

  constructor(productId: string, platform: string, externalSku: string, takenBy: string) {
    super(`${platform} ${externalSku} already maps to variant ${takenBy} of ${productId}`, { productId, platform, externalSku, takenBy });
  }
}
