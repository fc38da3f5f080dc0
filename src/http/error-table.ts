import { ZodError } from 'zod';
import { StaleRevision } from '../commands/stale-revision';
import { DomainError } from '../domain/kernel/domain-error';
import { AddressRejected, CarrierError } from '../infrastructure/carriers/carrier';
import { DocumentStoreError } from '../infrastructure/documents/document-store';
import { EventStoreUnavailable, WrongExpectedRevision } from '../infrastructure/eventstore/event-store';
import { fieldErrorsOf, HttpProblem } from './problem';

/** Domain refusals that mean "your input is wrong" rather than "not now". */
const INVALID_INPUT_CODES = new Set([
  'PRODUCT.INVALID',
  'PRODUCT_FAMILY.INVALID',
  'PRODUCT_FAMILY.INVALID_OPTION_VALUES',
  'LOCATION.INVALID',
  'STOCK.INVALID_QUANTITY',
  'STOCK.INVALID_DELTA',
  'STOCK.INVALID_POLICY',
  'ORDER.AMOUNT_OUT_OF_RANGE',
  'ORDER.UNSUPPORTED_PAYMENT_METHOD',
]);

/** Domain refusals that mean "not you": the caller's role or channel may not do this. */
const FORBIDDEN_CODES = new Set(['ORDER.RELEASE_FORBIDDEN']);
/** Domain refusals of a well-formed request the OMS will not take as sent (a price, a total). */
const UNPROCESSABLE_CODES = new Set(['ORDER.PRICE_MISMATCH', 'ORDER.TOTAL_TOO_LARGE']);

/** Domain refusals that mean "the resource the path names does not exist". */
const UNKNOWN_RESOURCE_CODES = new Set(['ORDER.UNKNOWN_FULFILLMENT']);

/**
 * Every other domain code is 409: a rule of the domain refused the command in the state the
 * aggregate is in (ORDER.NOT_PACKED, ORDER.NOT_AUTHORIZED, ORDER.ALREADY_SHIPPED, STOCK.BELOW_RESERVED, ...).
 */
const statusOfDomainError = (error: DomainError): number => {
  if (error.code.endsWith('.NOT_FOUND') || UNKNOWN_RESOURCE_CODES.has(error.code)) return 404;
  if (INVALID_INPUT_CODES.has(error.code)) return 400;
  if (FORBIDDEN_CODES.has(error.code)) return 403;
  if (UNPROCESSABLE_CODES.has(error.code)) return 422;
  return 409;
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  422: 'Unprocessable Content',
};

/**
 * The one table from what went wrong to what the client is told. Anything
 * not listed is a bug: 500, and the caller logs it.
 */
export const problemFor = (error: unknown): HttpProblem => {
  if (error instanceof HttpProblem) return error;
  if (error instanceof ZodError) return new HttpProblem(400, 'Bad Request', 'the request is invalid', { errors: fieldErrorsOf(error) });
  if (error instanceof DomainError) {
    const status = statusOfDomainError(error);
    const errors = Array.isArray(error.details.errors) ? (error.details.errors as { path: string; message: string }[]) : undefined;
    return new HttpProblem(status, TITLES[status]!, error.message, {
      code: error.code,
      type: `https://oms.dev/problems/${error.code.toLowerCase().replace(/[._]/g, '-')}`,
      ...(errors ? { errors } : Object.keys(error.details).length > 0 ? { details: error.details } : {}),
    });
  }
  if (error instanceof StaleRevision) {
    return new HttpProblem(412, 'Precondition Failed', error.message, { code: error.code });
  }
  if (error instanceof WrongExpectedRevision) {
    return new HttpProblem(409, 'Conflict', 'the resource changed concurrently; retry the request', {
      code: error.code,
    });
  }
  // Not our bug and not the client's: the store is electing a leader or unreachable for a moment.
  if (error instanceof EventStoreUnavailable) {
    return new HttpProblem(503, 'Service Unavailable', 'the event store cannot take writes right now; retry the request', {
      code: error.code,
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    });
  }
  // The router cannot percent-decode a path parameter (e.g. "%E0%A4%A"): the request is malformed, not our bug.
  if (error instanceof URIError) {
    return new HttpProblem(400, 'Bad Request', 'the path is not correctly percent-encoded', {
      errors: [{ path: 'path', message: 'invalid percent-encoding' }],
    });
  }
  if (error instanceof DocumentStoreError && error.code === 'DOCUMENTS.INVALID_CURSOR') {
    return new HttpProblem(400, 'Bad Request', error.message, { code: error.code, errors: [{ path: 'cursor', message: 'invalid cursor' }] });
  }
  // A carrier asked on the caller's behalf (a quote): the address is theirs to fix; an outage or refusal is not.
  if (error instanceof AddressRejected) {
    return new HttpProblem(422, 'Unprocessable Content', error.message, {
      code: error.code,
      errors: [{ path: error.field, message: error.reason }],
    });
  }
  if (error instanceof CarrierError) {
    return error.transient
      ? new HttpProblem(503, 'Service Unavailable', 'no carrier could answer right now; retry the request', { code: error.code, headers: { 'Retry-After': '5' } })
      : new HttpProblem(502, 'Bad Gateway', 'the carrier refused the request', { code: error.code });
  }
  return new HttpProblem(500, 'Internal Server Error', 'an unexpected error occurred; it has been logged', {
    code: 'INTERNAL',
  });
};
