import type { z } from 'zod';
import { DomainError } from '../kernel/domain-error';

export class ProductNotFound extends DomainError {
  readonly code = 'PRODUCT.NOT_FOUND';

  constructor(sku: string) {
    super(`product ${sku} is not registered`, { sku });
  }
}

/** Details that break a product rule (blank or over-long name, malformed price or currency). */
export class InvalidProduct extends DomainError {
  readonly code = 'PRODUCT.INVALID';

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super(`invalid product: ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, {
      errors: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
}

/** A SKU is a variant of one product family only. */
export class ProductInOtherFamily extends DomainError {
  readonly code = 'PRODUCT.IN_OTHER_FAMILY';

  constructor(sku: string, productId: string, requestedProductId: string) {
    super(`product ${sku} is a variant of ${productId}, not of ${requestedProductId}`, { sku, productId, requestedProductId });
  }
}

/** A variant's currency is its family's, so the variants of one product can be compared and summed. */
export class FamilyCurrencyFixed extends DomainError {
  readonly code = 'PRODUCT.FAMILY_CURRENCY_FIXED';

  constructor(sku: string, productId: string, currency: string) {
    super(`product ${sku} is a variant of ${productId} and is priced in ${currency}`, { sku, productId, currency });
  }
}
