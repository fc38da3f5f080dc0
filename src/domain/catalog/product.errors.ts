import type { z } from 'zod';
import { DomainError } from '../shared/domain-error';

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
