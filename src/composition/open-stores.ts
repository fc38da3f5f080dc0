import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { Config } from '../config';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../infrastructure/documents/sqlite-document-store';
import { EventStore, EventStoreAccessDenied } from '../infrastructure/eventstore/event-store';
import { OtherWriters } from '../infrastructure/eventstore/other-writers';
import { SqliteEventStore } from '../infrastructure/eventstore/sqlite-event-store';

import { InlineJobQueue } from '../infrastructure/jobs/inline-job-queue';
import { JobQueue } from '../infrastructure/jobs/job-queue';
import { Logger } from '../infrastructure/observability/logger';
import { privateDataFolder } from '../infrastructure/private-files';
import { SandboxCarrier } from '../infrastructure/carriers/sandbox-carrier';
import { Carrier } from '../infrastructure/carriers/carrier';
import { EasyPostCarrier } from '../infrastructure/carriers/easypost/easypost-carrier';
import { LogNotifier } from '../infrastructure/notifications/log-notifier';
import { SmtpNotifier } from '../infrastructure/notifications/smtp-notifier';
import { MediaNotifier } from '../infrastructure/notifications/media-notifier';
import { TwilioSmsNotifier } from '../infrastructure/notifications/twilio-sms-notifier';
import { SandboxPaymentGateway } from '../infrastructure/payments/sandbox-payment-gateway';
import { WorkflowPorts } from '../commands/workflow/workflow-jobs';
import { OMS_STREAM_PREFIXES } from '../domain/kernel/stream-names';

export type Stores = {
  events: EventStore;
  /** Which streams other threads and processes appended to, where the event store can tell (the embedded one). */
  otherWriters: OtherWriters | null;
  /** Read models and the process manager's state: all of it can be rebuilt from the log. */
  documents: DocumentStore;
  /** What cannot be rebuilt from the log: answers stored for Idempotency-Key. Durable on every commit. */
  requests: DocumentStore;
  /**
   * The sandbox payment account, shared by every process on the data folder
   * (or the MongoDB database). Embedded, its commits do not wait for the disk:
   * it survives a killed process, not a power cut, and every order no longer
   * waits on an fsync for a pretend payment.
   */
  sandboxPayments: DocumentStore;
  jobs: JobQueue;
  describe: { eventStore: string; documents: string; jobs: string };
  /** Closes the event log and the document stores (each once: on MongoDB they are one). The job queue is closed apart, before the ports its jobs use. */
  close(): Promise<void>;
};

/**
 * The one place that picks adapters: the embedded SQLite files under the data
 * folder unless the environment names EventStoreDB, MongoDB or Redis.
 */
/** The embedded event log's file. */
export const eventsFile = (config: Config) => path.join(config.OMS_DATA_DIR, 'events.db');

export async function openStores(config: Config, logger: Logger, options: { eventWriter?: MessagePort } = {}): Promise<Stores> {
  // What opened before a later store failed is closed again: its file watchers and sockets would keep the process alive.
  const opened: { close(): unknown }[] = [];
  const keep = <T extends { close(): unknown }>(store: T): T => (opened.push(store), store);
  privateDataFolder(config.OMS_DATA_DIR);
  try {
    const events = keep(
      config.EVENTSTORE_URL
        ? await reachable('EVENTSTORE_URL', config.EVENTSTORE_URL, async () => {
            // Loaded only when named: the clients of servers we do not use cost memory and start-up time.
            const { EsdbEventStore } = await import('../infrastructure/eventstore/esdb-event-store');
            const store = new EsdbEventStore({ connectionString: config.EVENTSTORE_URL!, streamPrefixes: OMS_STREAM_PREFIXES });
            await withTimeout(store.headPosition(), CONNECT_TIMEOUT_MS).catch(async (error: unknown) => {
              await store.close();
              throw error;
            });
            return store;
          })
        : new SqliteEventStore({ filename: eventsFile(config), ...(options.eventWriter ? { writer: options.eventWriter } : {}) }),
    );
    const mongo = config.MONGODB_URL
      ? keep(
          await reachable('MONGODB_URL', config.MONGODB_URL, async () => {
            const { MongoDocumentStore } = await import('../infrastructure/documents/mongo-document-store');
            // Connecting gives up fast; an operation waits through an election (10-12 s) before failing. The URL may set its own.
            return MongoDocumentStore.open(config.MONGODB_URL!, { client: { ...MONGO_TIMEOUTS, ...mongoUrlOptions(config.MONGODB_URL!) } });
          }),
        )
      : null;
    const documents =
      mongo ?? keep(await SqliteDocumentStore.open(path.join(config.OMS_DATA_DIR, 'read-models.db'), { durability: 'normal' }));
    const requests = mongo ?? keep(await SqliteDocumentStore.open(path.join(config.OMS_DATA_DIR, 'requests.db')));
    const sandboxPayments =
      mongo ?? keep(await SqliteDocumentStore.open(path.join(config.OMS_DATA_DIR, 'sandbox-payments.db'), { durability: 'normal' }));
    if (config.REDIS_URL) await reachable('REDIS_URL', config.REDIS_URL, () => redisAnswers(config.REDIS_URL!));
    const jobs: JobQueue = config.REDIS_URL
      ? new (await import('../infrastructure/jobs/bullmq-job-queue')).BullMqJobQueue({ url: config.REDIS_URL, logger: logger.child({ component: 'jobs' }) })
      : new InlineJobQueue({ logger: logger.child({ component: 'jobs' }) });
    return {
      events,
      otherWriters: events instanceof SqliteEventStore ? events : null,
      documents,
      requests,
      sandboxPayments,
      jobs,
      describe: {
        eventStore: config.EVENTSTORE_URL ? 'eventstoredb' : 'sqlite',
        documents: mongo ? 'mongodb' : 'sqlite',
        jobs: config.REDIS_URL ? 'bullmq' : 'inline',
      },
      async close() {
        for (const store of new Set([events, documents, requests, sandboxPayments])) await store.close();
      },
    };
  } catch (error) {
    await Promise.allSettled(opened.map(async (store) => store.close()));
    throw error;
  }
}

/** One PING on a connection of its own that gives up at the first failure (the queue's own connections retry for ever). */
async function redisAnswers(url: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined); // connect() rejects with the same error
  try {
    await client.connect();
    await withTimeout(client.ping(), CONNECT_TIMEOUT_MS);
  } finally {
    client.disconnect();
  }
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * connectTimeoutMS: one TCP/TLS connect; serverSelectionTimeoutMS: finding a primary (an election);
 * socketTimeoutMS: an operation whose answer never comes. (Driver 7 ignores timeoutMS and warns at start.)
 */
const MONGO_TIMEOUTS = { connectTimeoutMS: CONNECT_TIMEOUT_MS, serverSelectionTimeoutMS: 15_000, socketTimeoutMS: 30_000 };

/** Timeouts the URL sets itself win over ours (the driver lets the options object win otherwise). */
const mongoUrlOptions = (url: string): Record<string, number> => {
  const query = url.split('?')[1] ?? '';
  const set = new URLSearchParams(query);
  return Object.fromEntries(
    Object.keys(MONGO_TIMEOUTS)
      .map((name) => [name, [...set].find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1]] as const)
      .filter((entry): entry is readonly [string, string] => entry[1] !== undefined && /^\d+$/.test(entry[1]))
      .map(([name, value]) => [name, Number(value)]),
  );
};

/** A server named in the environment that does not answer at start, or refuses our credentials. */
export class StoreUnreachable extends Error {
  constructor(variable: string, url: string, cause: unknown) {
    const reason = (cause instanceof Error ? cause.message : String(cause)).replace(/\s+/g, ' ').replace(/[ .:]*Resolution note:?\s*$/, '');
    const refused = cause instanceof EventStoreAccessDenied;
    super(`${refused ? `${variable} (${redact(url)}) refused access` : `cannot reach ${variable} (${redact(url)})`}: ${reason.trim()}`);
    this.name = 'StoreUnreachable';
  }
}

const reachable = async <T>(variable: string, url: string, connect: () => Promise<T>): Promise<T> => {
  try {
    return await connect();
  } catch (error) {
    throw new StoreUnreachable(variable, url, error);
  }
};

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Credentials never reach the logs. */
const redact = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/** The outside services the workflow talks to: sandboxes until real adapters are configured. */
export function openPorts(config: Config, logger: Logger, sandboxPayments: DocumentStore, now: () => Date): WorkflowPorts {
  const notifierLogger = logger.child({ component: 'notifier' });
  return {
    // Kept in the durable store every replica shares: what one authorized, another can capture or void, also after a restart.
    payments: new SandboxPaymentGateway({ store: sandboxPayments }),
    carrier: config.OMS_EASYPOST_API_KEY
      ? new EasyPostCarrier({
          apiKey: config.OMS_EASYPOST_API_KEY,
          parcelSize: config.OMS_EASYPOST_PARCEL_CM,
          ...(config.OMS_EASYPOST_API_URL ? { baseUrl: config.OMS_EASYPOST_API_URL } : {}),
          ...(config.OMS_EASYPOST_FROM_STREETS ? { fromStreets: config.OMS_EASYPOST_FROM_STREETS } : {}),
        })
      : new SandboxCarrier({ now, trackingStepSeconds: config.OMS_SANDBOX_TRACKING_STEP_SECONDS }),
    notifier: new MediaNotifier(
      {
        email:
          config.OMS_NOTIFIER === 'smtp' && config.SMTP_URL
            ? new SmtpNotifier({ url: config.SMTP_URL, from: config.OMS_NOTIFY_FROM, logger: notifierLogger })
            : new LogNotifier({ logger: notifierLogger }),
        sms:
          config.OMS_TWILIO_ACCOUNT_SID && config.OMS_TWILIO_AUTH_TOKEN && config.OMS_TWILIO_FROM
            ? new TwilioSmsNotifier({
                accountSid: config.OMS_TWILIO_ACCOUNT_SID,
                authToken: config.OMS_TWILIO_AUTH_TOKEN,
                from: config.OMS_TWILIO_FROM,
                logger: notifierLogger,
              })
            : null,
      },
      notifierLogger,
    ),
  };
}

/** The carriers asked for quotes: the sandbox always, and the one that buys labels when it is EasyPost. */
export const quotingCarriersOf = (config: Config, labelCarrier: Carrier): Carrier[] =>
  config.OMS_EASYPOST_API_KEY ? [new SandboxCarrier(), labelCarrier] : [labelCarrier];
