import { DomainError } from '../kernel/domain-error';

/** The planner was given something it cannot plan with (a non-positive quantity, a duplicate line...). */
export class InvalidAllocationInput extends DomainError {
  readonly code = 'ALLOCATION.INVALID_INPUT';

  constructor(readonly problems: string[]) {
    super(`cannot plan an allocation: ${problems.join('; ')}`, { problems });
  }
}
