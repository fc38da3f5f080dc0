import path from 'node:path';
import { z } from 'zod';
import { eventStoreUrlProblem, mongoUrlProblem } from './infrastructure/connection-strings';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
    .optional();

/** A connection string the client's own parser accepts (host lists and DNS discovery included). */
const connectionString = (problem: (url: string) => string | null) =>
  z
    .string()
    .trim()
    .min(1)
    .superRefine((value, context) => {
      const reason = problem(value);
      if (reason !== null) context.addIssue({ code: 'custom', message: `not a connection string the client accepts: ${reason}` });
    })
    .optional();

/** Everything the process reads from its environment, checked once at start. */
export const Config = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  OMS_DATA_DIR: z.string().min(1).default('./data'),
  OMS_API_KEYS: z.string().optional(),
  /** kurrentdb://, kurrentdb+discover:// (esdb:// and esdb+discover:// are connected as these), with host lists. */
  EVENTSTORE_URL: connectionString(eventStoreUrlProblem),
  /** mongodb:// with host lists and options, or mongodb+srv://. */
  MONGODB_URL: connectionString(mongoUrlProblem),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  OMS_ALLOCATION_STRATEGY: z.enum(['priority', 'nearest', 'most-stock']).default('priority'),
  OMS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Requests per key per minute before 429. */
  OMS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600_000),
  /** When set, GET /metrics needs this bearer token. */
  OMS_METRICS_TOKEN: z.string().min(1).optional(),
  /** How long a process holds the projections or process-manager lease without renewing it. */
  OMS_LEASE_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  OMS_NOTIFIER: z.enum(['log', 'smtp']).default('log'),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  OMS_NOTIFY_FROM: z.string().default('orders@oms.local'),
});
export type Config = z.infer<typeof Config>;

export class ConfigError extends Error {}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = Config.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return { ...parsed.data, OMS_DATA_DIR: path.resolve(parsed.data.OMS_DATA_DIR) };
};
