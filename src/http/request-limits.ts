import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Logger } from '../infrastructure/observability/logger';
import { HttpProblem, unauthorized } from './problem';

export type RequestLimitsOptions = {
  /** Requests a minute for each API key, and for each client address on the public routes. */
  perKeyPerMinute: number;
  /** Failed sign-ins (no key, or a key we do not know) a minute for each client address. */
  authFailuresPerMinute: number;
  /** When set, the counts live in this Redis and every API process shares them. */
  redis?: { client: Redis; keyPrefix: string };
};

export type FailedSignIn = { clientAddress: string; route: string; reason: 'missing' | 'unknown'; presentedKey: string | null };

const MINUTE_SECONDS = 60;

/**
 * How many requests the API takes: per API key, per client address on the
 * public routes, and per client address for failed sign-ins (a 401 becomes a
 * 429 once an address has used up its failures). Over a limit, a request is
 * refused with 429 and Retry-After before it does any work.
 */
export class RequestLimits {
  private readonly perKey: RateLimiterAbstract;
  private readonly publicPerAddress: RateLimiterAbstract;
  private readonly failuresPerAddress: RateLimiterAbstract;

  constructor(
    private readonly options: RequestLimitsOptions,
    private readonly logger: Logger,
  ) {
    this.perKey = limiter(options, 'key', options.perKeyPerMinute);
    this.publicPerAddress = limiter(options, 'public', options.perKeyPerMinute);
    this.failuresPerAddress = limiter(options, 'auth-failures', options.authFailuresPerMinute);
  }

  forKey(keyId: string): Promise<void> {
    return take(this.perKey, keyId, 'rate limit exceeded for this key');
  }

  forPublicRoute(clientAddress: string): Promise<void> {
    return take(this.publicPerAddress, clientAddress, 'rate limit exceeded for this client address');
  }

  /**
   * Logs a failed sign-in (the presented key only as a digest that cannot be
   * turned back into it) and counts it against the address: the answer to
   * throw is 401, or 429 once the address has failed too often.
   */
  async failedSignIn(failure: FailedSignIn, detail: string): Promise<HttpProblem> {
    this.logger.warn(
      {
        clientAddress: failure.clientAddress,
        route: failure.route,
        reason: failure.reason,
        ...(failure.presentedKey !== null ? { presentedKeyId: presentedKeyId(failure.presentedKey) } : {}),
      },
      'failed sign-in',
    );
    try {
      await take(this.failuresPerAddress, failure.clientAddress, 'too many failed sign-ins from this client address');
      return unauthorized(detail, failure.reason === 'missing' ? 'AUTH.MISSING_KEY' : 'AUTH.UNKNOWN_KEY');
    } catch (error) {
      if (error instanceof HttpProblem) return error;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.options.redis?.client.disconnect();
  }
}

/** A fixed minute window; on Redis, with a per-process one in memory for when Redis does not answer. */
const limiter = (options: RequestLimitsOptions, name: string, points: number): RateLimiterAbstract => {
  const inMemory = new RateLimiterMemory({ points, duration: MINUTE_SECONDS, keyPrefix: name });
  if (!options.redis) return inMemory;
  return new RateLimiterRedis({
    storeClient: options.redis.client,
    keyPrefix: `${options.redis.keyPrefix}:${name}`,
    points,
    duration: MINUTE_SECONDS,
    rejectIfRedisNotReady: true,
    insuranceLimiter: inMemory,
  });
};

const take = async (limiter: RateLimiterAbstract, key: string, detail: string): Promise<void> => {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw new HttpProblem(429, 'Too Many Requests', detail, {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))) },
    });
  }
};

/** A short digest: a log reader can tell one key tried again and again from many keys tried once, and learn nothing of either. */
const presentedKeyId = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12);
