import { createHash } from 'node:crypto';
import { KeyedMutex } from '../../commands/keyed-mutex';
import { deleteOlder } from '../../infrastructure/documents/delete-older';
import { DocumentStore } from '../../infrastructure/documents/document-store';
import { problemFor } from '../error-table';
import { HttpProblem } from '../problem';
import { RouteResult } from '../route';
import { ownerGone, RequestOwner, thisProcess } from './request-owner';

export const IDEMPOTENCY_COLLECTION = 'idempotency_keys';

type StoredRequest = {
  /** The document's own id, so the purge can delete what it finds. */
  id?: string;
  fingerprint: string;
  state: 'pending' | 'done';
  startedAt: string;
  response: RouteResult | null;
  /** While pending: who runs the request, the correlation id its events carry, and when it last said it was still at it. */
  owner?: RequestOwner;
  correlationId?: string;
  heartbeatAt?: string;
};

export type IdempotentRequest = { keyId: string; key: string; method: string; path: string; body: unknown; correlationId: string };

/**
 * The answer a request whose process died mid-way gave, rebuilt from the
 * events it appended under its correlation id; null when none are in the log
 * (the request is then run again).
 */
export type RecoverAnswer = (correlationId: string) => Promise<RouteResult | null>;

export type IdempotencyGuardOptions = {
  /** How long a key is remembered; after that it is new again. Default 24 h. */
  ttlMs?: number;
  /** A pending claim whose heartbeat is older than this is abandoned (its process is gone). Default 60 s. */
  abandonAfterMs?: number;
  now?: () => Date;
  /** This process, as claims name it; and how to tell whether a process of this host runs (tests). */
  self?: RequestOwner;
  processRuns?: (pid: number) => boolean;
  /** Fault injection for the crash tests: runs after a command, before its answer is stored. */
  afterCommand?: (request: IdempotentRequest) => void;
};

const KEY = /^[\x21-\x7e]{1,255}$/;
const DAY_MS = 24 * 60 * 60 * 1000;
const PURGE_PAGE = 500;

const inProgress = () =>
  new HttpProblem(409, 'Conflict', 'a request with this Idempotency-Key is still in progress', { headers: { 'Retry-After': '1' } });

/**
 * Idempotency-Key on POST: the first request with a key runs and its answer
 * is stored durably before it is sent; a repeat with the same body gets that
 * answer again (Idempotent-Replayed: true) and changes nothing; a repeat with
 * another body is refused with 422. Requests with one key queue behind each
 * other in this process; another process's request still in flight is a 409.
 * A request whose process died before its answer was stored is resolved by
 * the retry: the answer is rebuilt from the log when its command landed, and
 * the request runs when it did not. Keys are forgotten after `ttlMs`.
 */
export class IdempotencyGuard {
  private readonly mutex = new KeyedMutex();
  private readonly self: RequestOwner;
  private readonly ttlMs: number;
  private readonly abandonAfterMs: number;

  constructor(
    private readonly documents: DocumentStore,
    private readonly options: IdempotencyGuardOptions = {},
  ) {
    this.self = options.self ?? thisProcess();
    this.ttlMs = options.ttlMs ?? DAY_MS;
    this.abandonAfterMs = options.abandonAfterMs ?? 60_000;
  }

  static collections = [{ name: IDEMPOTENCY_COLLECTION, indexes: ['startedAt'] }];

  run(request: IdempotentRequest, handle: () => Promise<RouteResult>, recover?: RecoverAnswer): Promise<RouteResult> {
    if (!KEY.test(request.key)) {
      return Promise.reject(
        new HttpProblem(400, 'Bad Request', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
          errors: [{ path: 'header.Idempotency-Key', message: 'invalid' }],
        }),
      );
    }
    const id = `${request.keyId}:${request.key}`;
    return this.mutex.run(id, () => this.runOnce(id, request, handle, recover));
  }

  /** Deletes the records older than the TTL, a page at a time along the startedAt index; answers how many. */
  async purgeExpired(): Promise<number> {
    return deleteOlder<StoredRequest>(this.documents, {
      collection: IDEMPOTENCY_COLLECTION,
      field: 'startedAt',
      cutoff: new Date(this.now().getTime() - this.ttlMs).toISOString(),
      pageSize: PURGE_PAGE,
      idToDelete: (record) => (typeof record.id === 'string' ? record.id : null),
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async runOnce(id: string, request: IdempotentRequest, handle: () => Promise<RouteResult>, recover?: RecoverAnswer): Promise<RouteResult> {
    const now = this.now();
    const fingerprint = fingerprintOf(request);
    const found = await this.documents.get<StoredRequest>(IDEMPOTENCY_COLLECTION, id);
    const existing = found && !this.expired(found, now) ? found : null;
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new HttpProblem(422, 'Unprocessable Content', 'this Idempotency-Key was used with a different request');
      }
      if (existing.state === 'done' && existing.response) return replayed(existing.response);
      if (!this.abandoned(existing, now)) throw inProgress();
      const recovered = existing.correlationId && recover ? await recover(existing.correlationId) : null;
      if (recovered) {
        await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, { ...existing, id, state: 'done', response: recovered });
        return replayed(recovered);
      }
    }
    const claim: StoredRequest = {
      id,
      fingerprint,
      state: 'pending',
      startedAt: now.toISOString(),
      response: null,
      owner: this.self,
      correlationId: request.correlationId,
      heartbeatAt: now.toISOString(),
    };
    if (found) await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, claim);
    else if (!(await this.documents.insert(IDEMPOTENCY_COLLECTION, id, claim))) throw inProgress();
    const heartbeat = setInterval(() => {
      this.documents.patch(IDEMPOTENCY_COLLECTION, id, { heartbeatAt: this.now().toISOString() }).catch(() => undefined);
    }, this.abandonAfterMs / 3);
    heartbeat.unref();
    try {
      const response = await handle();
      this.options.afterCommand?.(request);
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
          raw: { contentType: 'application/problem+json', text: JSON.stringify(problem.toJSON(request.path)) },
        };
        await this.documents.upsert(IDEMPOTENCY_COLLECTION, id, { ...claim, state: 'done', response });
      } else {
        await this.documents.delete(IDEMPOTENCY_COLLECTION, id);
      }
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  private expired(record: StoredRequest, now: Date): boolean {
    return now.getTime() - Date.parse(record.startedAt) >= this.ttlMs;
  }

  /** The request behind a pending claim is gone: its process is, or it stopped saying it is still at it. */
  private abandoned(claim: StoredRequest, now: Date): boolean {
    if (claim.owner && ownerGone(claim.owner, this.self, this.options.processRuns)) return true;
    return now.getTime() - Date.parse(claim.heartbeatAt ?? claim.startedAt) > this.abandonAfterMs;
  }
}

const replayed = (response: RouteResult): RouteResult => ({ ...response, headers: { ...response.headers, 'Idempotent-Replayed': 'true' } });

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
