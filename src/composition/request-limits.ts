import { Config } from '../config';
import { Logger } from '../infrastructure/observability/logger';
import { RequestLimits } from '../http/request-limits';

/** Where the Redis keys of the limits live, unless a caller (a test) names another prefix. */
export const RATE_LIMIT_PREFIX = 'oms:rate-limit';

/**
 * The request limits of an API process: in memory, or on Redis when
 * REDIS_URL is set so that every API process counts against the same limits.
 */
export async function openRequestLimits(config: Config, logger: Logger, keyPrefix = RATE_LIMIT_PREFIX): Promise<RequestLimits> {
  const counts = { perKeyPerMinute: config.OMS_RATE_LIMIT_PER_MINUTE, authFailuresPerMinute: config.OMS_AUTH_FAILURES_PER_MINUTE };
  if (!config.REDIS_URL) return new RequestLimits(counts, logger);
  const { Redis } = await import('ioredis');
  // No offline queue: while Redis is away each process limits on its own (the in-memory insurance) instead of waiting.
  const client = new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true });
  client.on('error', (error: Error) => logger.debug({ err: error }, 'rate-limit store unavailable: limiting in this process'));
  // Connected before the first request, so the first requests count on Redis too; it keeps reconnecting if this fails.
  await client.connect().catch(() => undefined);
  return new RequestLimits({ ...counts, redis: { client, keyPrefix } }, logger);
}
