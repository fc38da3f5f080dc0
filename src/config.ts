import path from 'node:path';
import { z } from 'zod';
import { eventStoreUrlProblem, mongoUrlProblem } from './infrastructure/connection-strings';
import { ReceiverNetworks } from './infrastructure/webhooks/receiver-address';

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
  /** Signs Shopify's order webhooks; unset, POST /integrations/shopify/webhooks answers 404. */
  OMS_SHOPIFY_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Signs WooCommerce's order webhooks; unset, POST /integrations/woocommerce/webhooks answers 404. */
  OMS_WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** A Magento 2 / Adobe Commerce store to pull orders from (with OMS_MAGENTO_TOKEN), e.g. https://shop.example.com. */
  OMS_MAGENTO_URL: optionalUrl(['https:', 'http:']),
  /** The access token of a Magento integration allowed to read sales orders. */
  OMS_MAGENTO_TOKEN: z.string().trim().min(1).optional(),
  /** The Shopify shop orders are cancelled in when the OMS cancels them (with OMS_SHOPIFY_ADMIN_TOKEN): shop.myshopify.com or its URL. */
  OMS_SHOPIFY_SHOP: z.string().trim().min(1).optional(),
  /** A Shopify custom app's Admin API access token with the write_orders scope. */
  OMS_SHOPIFY_ADMIN_TOKEN: z.string().trim().min(1).optional(),
  /** The WooCommerce site orders are cancelled in when the OMS cancels them, e.g. https://shop.example.com. */
  OMS_WOOCOMMERCE_URL: optionalUrl(['https:', 'http:']),
  /** A WooCommerce REST API key (read/write) and its secret. */
  OMS_WOOCOMMERCE_CONSUMER_KEY: z.string().trim().min(1).optional(),
  OMS_WOOCOMMERCE_CONSUMER_SECRET: z.string().trim().min(1).optional(),
  /** Seconds between two pulls once Magento has nothing newer. */
  OMS_MAGENTO_POLL_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
  /** Seconds between two scans of a sandbox parcel (in transit after one step, out for delivery after two, delivered after three). */
  OMS_SANDBOX_TRACKING_STEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Seconds between two passes of the tracking poller over open shipments; 0 turns it off. */
  OMS_TRACKING_POLL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
  /** Where the very first pull starts (orders updated at or after it, UTC); the first start's time when unset. */
  OMS_MAGENTO_SINCE: z.iso.datetime({ offset: true }).optional(),
  /** SMS notifications through Twilio: on when all three are set. */
  OMS_TWILIO_ACCOUNT_SID: z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio account SID: AC and 32 hex digits').optional(),
  OMS_TWILIO_AUTH_TOKEN: z.string().trim().min(1).optional(),
  OMS_TWILIO_FROM: z
    .string()
    .trim()
    .regex(/^(\+[1-9][0-9]{1,14}|MG[0-9a-fA-F]{32})$/, 'must be a phone number in E.164 form or a Messaging Service SID (MG...)')
    .optional(),
  /** A HubSpot private app's access token: customers and orders are recorded in HubSpot when set. */
  OMS_HUBSPOT_TOKEN: z.string().trim().min(1).optional(),
  /** `true` refuses webhook subscriptions to plain http:// URLs. */
  OMS_WEBHOOKS_REQUIRE_HTTPS: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /**
   * `true`: webhooks reach public addresses only, never loopback or private
   * networks (subscriptions to them are refused, and so is a host name that
   * resolves to one when a webhook is sent). Link-local addresses are never reached.
   */
  OMS_WEBHOOKS_PUBLIC_ONLY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value): ReceiverNetworks => (value === 'true' ? 'public' : 'public-and-private')),
  /** How long a webhook receiver has to answer one delivery attempt. */
  OMS_WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Days the webhook delivery log and delivered webhooks are kept; a webhook still owed is kept until sent. */
  OMS_WEBHOOKS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
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
}).superRefine((config, context) => {
  // Settings that only make sense together: one without the others is a mistake, not a feature turned off.
  const together = (names: (keyof typeof config)[], message: string) => {
    const unset = names.filter((name) => config[name] === undefined);
    if (unset.length > 0 && unset.length < names.length) context.addIssue({ code: 'custom', path: [unset[0]!], message });
  };
  together(['OMS_MAGENTO_URL', 'OMS_MAGENTO_TOKEN'], 'set OMS_MAGENTO_URL and OMS_MAGENTO_TOKEN together, or neither');
  together(['OMS_SHOPIFY_SHOP', 'OMS_SHOPIFY_ADMIN_TOKEN'], 'set OMS_SHOPIFY_SHOP and OMS_SHOPIFY_ADMIN_TOKEN together, or neither');
  together(
    ['OMS_WOOCOMMERCE_URL', 'OMS_WOOCOMMERCE_CONSUMER_KEY', 'OMS_WOOCOMMERCE_CONSUMER_SECRET'],
    'OMS_WOOCOMMERCE_URL, OMS_WOOCOMMERCE_CONSUMER_KEY and OMS_WOOCOMMERCE_CONSUMER_SECRET go together: set all three, or none',
  );
  together(
    ['OMS_TWILIO_ACCOUNT_SID', 'OMS_TWILIO_AUTH_TOKEN', 'OMS_TWILIO_FROM'],
    'OMS_TWILIO_ACCOUNT_SID, OMS_TWILIO_AUTH_TOKEN and OMS_TWILIO_FROM go together: set all three for SMS, or none',
  );
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
