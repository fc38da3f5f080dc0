import { ZodError } from 'zod';

export type FieldError = { path: string; message: string };

/**
 * The code a refusal carries when the place that raises it names none, so
 * every problem a client sees has a stable `code` to branch on.
 */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'REQUEST.INVALID',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'RESOURCE.NOT_FOUND',
  408: 'REQUEST.TIMEOUT',
  409: 'RESOURCE.CONFLICT',
  412: 'REQUEST.PRECONDITION_FAILED',
  413: 'REQUEST.TOO_LARGE',
  415: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  422: 'REQUEST.UNPROCESSABLE',
  429: 'RATE_LIMITED',
  431: 'REQUEST.HEADERS_TOO_LARGE',
  503: 'SERVICE.UNAVAILABLE',
  500: 'INTERNAL',
};

/** An RFC 9457 problem: every refusal the API gives is one of these. */
export class HttpProblem extends Error {
  readonly code: string;

  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: {
      type?: string;
      code?: string;
      errors?: FieldError[];
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.code = extra.code ?? CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'REQUEST.INVALID');
  }

  toJSON(instance?: string) {
    return {
      type: this.extra.type ?? `https://oms.dev/problems/${slug(this.title)}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      ...(this.extra.details ? { details: this.extra.details } : {}),
      ...(instance ? { instance } : {}),
    };
  }
}

const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');

export const fieldErrorsOf = (error: ZodError, prefix = ''): FieldError[] =>
  error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (keys.length > 0) {
      return { path: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '), message: 'unknown field' };
    }
    return { path: base || prefix || '(root)', message: issue.message };
  });

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(400, 'Bad Request', detail, errors ? { errors } : {});

export const notFound = (detail = 'no such resource') => new HttpProblem(404, 'Not Found', detail, { code: 'RESOURCE.NOT_FOUND' });

export const forbidden = (detail: string, code = 'AUTH.FORBIDDEN') => new HttpProblem(403, 'Forbidden', detail, { code });

export const unauthorized = (detail: string, code = 'AUTH.UNAUTHENTICATED') =>
  new HttpProblem(401, 'Unauthorized', detail, { code, headers: { 'WWW-Authenticate': 'Bearer realm="oms"' } });
