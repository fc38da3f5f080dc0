/**
 * A command the domain refuses. `code` is stable (clients and the HTTP error
 * table key on it); `details` carries the numbers behind the refusal.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command refers to an aggregate that has not been created. */
export class AggregateNotFound extends DomainError {
  readonly code = 'DOMAIN.NOT_FOUND';
}

/** The command would create an aggregate that already exists. */
export class AggregateAlreadyExists extends DomainError {
  readonly code = 'DOMAIN.ALREADY_EXISTS';
}
