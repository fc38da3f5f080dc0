import { ZodError } from 'zod';

export type FieldError = { path: string; message: string };

/** An RFC 9457 problem: every refusal the API gives is one of these. */
export class HttpProblem extends Error {
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
  }

  toJSON(instance?: string) {
    return {
      type: this.extra.type ?? `https://oms.dev/problems/${slug(this.title)}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.extra.code ? { code: this.extra.code } : {}),
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

export const notFound = (detail = 'no such resource') => new HttpProblem(404, 'Not Found', detail);

export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);

export const unauthorized = (detail: string) =>
  new HttpProblem(401, 'Unauthorized', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="oms"' } });
