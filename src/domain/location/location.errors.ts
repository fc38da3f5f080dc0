import type { z } from 'zod';
import { DomainError } from '../kernel/domain-error';

export class LocationNotFound extends DomainError {
  readonly code = 'LOCATION.NOT_FOUND';

  constructor(locationId: string) {
    super(`location ${locationId} is not registered`, { locationId });
  }
}

/** Details that break a location rule (blank name, negative priority, malformed address...). */
export class InvalidLocation extends DomainError {
  readonly code = 'LOCATION.INVALID';

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super(`invalid location: ${issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`, {
      errors: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
}
