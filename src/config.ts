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
  /** The address to listen on; every interface when unset. */
  HOST: z.string().trim().min(1).optional(),
  OMS_DATA_DIR: z.string().min(1).default('./data'),
  OMS_API_KEYS: z.string().optional(),
  /** kurrentdb://, kurrentdb+discover:// (esdb:// and esdb+discover:// are connected as these), with host lists. */
  EVENTSTORE_URL: connectionString(eventStoreUrlProblem),
  /** mongodb:// with host lists and options, or mongodb+srv://. */
  MONGODB_URL: connectionString(mongoUrlProblem),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  OMS_ALLOCATION_STRATEGY: z.enum(['priority', 'nearest', 'most-stock']).default('priority'),
  OMS_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `pretty` for a terminal, `json` lines to collect; pretty when stdout is a terminal if unset. */
  OMS_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Requests per API key per minute (and per client address on the public routes) before 429. */
  OMS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1_200),
  /** Failed sign-ins per client address per minute before 429. */
  OMS_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** How long an Idempotency-Key is remembered; after that it is new again. */
  OMS_IDEMPOTENCY_TTL_HOURS: z.coerce.number().positive().max(24 * 366).default(24),
  /** When set, GET /metrics needs this bearer token. */
  OMS_METRICS_TOKEN: z.string().min(1).optional(),
  /** How long a process holds the projections or process-manager lease without renewing it. */
  OMS_LEASE_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** The most one order may come to, in minor units of its currency: larger orders are refused at entry. */
  OMS_MAX_ORDER_TOTAL: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(100_000_000_000),
  /** How long a card token waits for its authorization before it is forgotten (the order's payment then fails). */
  OMS_PAYMENT_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(24 * 3600),
  OMS_NOTIFIER: z.enum(['log', 'smtp']).default('log'),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  OMS_NOTIFY_FROM: z.string().default('orders@oms.local'),
  /** When set, labels are bought through EasyPost (and it quotes beside the sandbox). */
  OMS_EASYPOST_API_KEY: z.string().trim().min(1).optional(),
  /** EasyPost's API root; set only to go through a proxy (or a test double). */
  OMS_EASYPOST_API_URL: optionalUrl(['https:', 'http:']),
  /** The box every parcel is sent in, length x width x height in centimetres. */
  OMS_EASYPOST_PARCEL_CM: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?x\d+(\.\d+)?x\d+(\.\d+)?$/, 'must be LxWxH in centimetres, e.g. 30x20x10')
    .default('30x20x10')
    .transform((value) => {
      const [lengthCm, widthCm, heightCm] = value.split('x').map(Number) as [number, number, number];
      return { lengthCm, widthCm, heightCm };
    }),
  /** The street line of each location parcels leave from (locations keep none): `locationId=street;...`. */
  OMS_EASYPOST_FROM_STREETS: z
    .string()
    .trim()
    .regex(/^([a-z0-9][a-z0-9-]{0,31}=[^;=]+)(;[a-z0-9][a-z0-9-]{0,31}=[^;=]+)*;?$/, 'must be locationId=street;locationId=street')
    .transform((value) => Object.fromEntries(value.split(';').filter(Boolean).map((pair) => pair.split('=').map((s) => s.trim()) as [string, string])))
    .optional(),
  /** The secret EasyPost signs its webhooks with; POST /integrations/easypost/webhooks answers 404 while unset. */
  OMS_EASYPOST_WEBHOOK_SECRET: z.string().min(1).optional(),
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
