import { createHash } from 'node:crypto';
import { KeyedMutex } from '../../commands/keyed-mutex';
import { DocumentStore } from '../../infrastructure/documents/document-store';
import { problemFor } from '../error-table';
import { HttpProblem } from '../problem';
import { RouteResult } from '../route';

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

type StoredRequest = {
  fingerprint: string;
  state: 'pending' | 'done';
  startedAt: string;
  response: RouteResult | null;
};

export type IdempotentRequest = { keyId: string; key: string; method: string; path: string; body: unknown };

const KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Idempotency-Key on POST: the first request with a key runs and its answer
 * is stored durably before it is sent; a repeat with the same body gets that
 * answer again (Idempotent-Replayed: true) and changes nothing; a repeat with
 * another body is refused with 422. Requests with one key queue behind each
 * other in this process; another process's request still in flight is a 409.
 */
export class IdempotencyGuard {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly documents: DocumentStore,
    private readonly options: { abandonAfterMs?: number; now?: () => Date } = {},
  ) {}

  static collections = [{ name: IDEMPOTENCY_COLLECTION, indexes: ['startedAt'] }];

  run(request: IdempotentRequest, handle: () => Promise<RouteResult>): Promise<RouteResult> {
    if (!KEY.test(request.key)) {
      return Promise.reject(
        new HttpProblem(400, 'Bad Request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
          errors: [{ path: 'header.Idempotency-Key', message: 'invalid' }],
        }),
      );
    }
    const id = `${request.keyId}:${request.key}`;
    return this.mutex.run(id, () => this.runOnce(id, fingerprintOf(request), request.path, handle));
  }

  private async runOnce(id: string, fingerprint: string, instance: string, handle: () => Promise<RouteResult>): Promise<RouteResult> {
    const now = this.options.now?.() ?? new Date();
    const existing = await this.documents.get<StoredRequest>(IDEMPOTENCY_COLLECTION, id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new HttpProblem(422, 'Unprocessable Content', 'this Idempotency-Key was used with a different request');
      }
      if (existing.state === 'done' && existing.response) {
        return { ...existing.response, headers: { ...existing.response.headers, 'Idempotent-Replayed': 'true' } };
      }
      if (!this.abandoned(existing, now)) {
        throw new HttpProblem(409, 'Conflict', 'a request with this Idempotency-Key is still in progress', {
          headers: { 'Retry-After': '1' },
        });
      }
    }
    const claim: StoredRequest = { fingerprint, state: 'pending', startedAt: now.toISOString(), response: null };
    if (existing) await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, claim);
    else if (!(await this.documents.insert(IDEMPOTENCY_COLLECTION, id, claim))) {
      throw new HttpProblem(409, 'Conflict', 'a request with this Idempotency-Key is still in progress', {
        headers: { 'Retry-After': '1' },
      });
    }
    try {
      const response = await handle();
      await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, { ...claim, state: 'done', response });
      return response;
    } catch (error) {
      // A refusal of the request itself is an answer too: a retry is told the same.
      // Anything else (a bug, an outage) leaves the key free for a retry to run again.
      // The stored problem names the same instance as the one sent, so the replay is the same answer.
      const problem = problemFor(error);
      if (problem.status >= 400 && problem.status < 500 && problem.status !== 429) {
        const response: RouteResult = {
          status: problem.status,
          headers: problem.extra.headers ?? {},
          raw: { contentType: 'application/problem+json', text: JSON.stringify(problem.toJSON(instance)) },
        };
        await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, { ...claim, state: 'done', response });
      } else {
        await this.documents.delete(IDEMPOTENCY_COLLECTION, id);
      }
      throw error;
    }
  }

  private abandoned(existing: StoredRequest, now: Date): boolean {
    return now.getTime() - Date.parse(existing.startedAt) > (this.options.abandonAfterMs ?? 60_000);
  }
}

/** The same JSON whatever order its object keys came in: a retry is the same body however it was serialized. */
const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

const fingerprintOf = (request: IdempotentRequest): string =>
  createHash('sha256')
    .update(`${request.method} ${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
