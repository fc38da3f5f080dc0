import http from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { loadConfig } from '../../src/config';
import { createHttpApp } from '../../src/composition/http-app';
import { openOms, Oms } from '../../src/composition/oms';
import { ApiKeyRing } from '../../src/http/auth/api-key-ring';
import { Role } from '../../src/http/auth/roles';
import { RequestLimits } from '../../src/http/request-limits';
import { Logger } from '../../src/infrastructure/observability/logger';
import { RouteDefinition } from '../../src/http/route';
import { makeTempDir } from './temp-dir';

/** One unbound key per role, plus client keys bound to the web and marketplace channels. */
export const TEST_KEYS = {
  admin: 'test-admin-key-0123456789',
  client: 'test-client-key-0123456789',
  warehouse: 'test-warehouse-key-0123456789',
  analyst: 'test-analyst-key-0123456789',
  auditor: 'test-auditor-key-0123456789',
  clientWeb: 'test-client-web-key-0123456789',
  clientMarket: 'test-client-market-key-0123456789',
} as const;
export type TestKeyName = keyof typeof TEST_KEYS;

/** The OMS_API_KEYS line for TEST_KEYS. */
export const TEST_KEYS_SPEC = [
  ...Role.options.map((role) => `${TEST_KEYS[role]}:${role}`),
  `${TEST_KEYS.clientWeb}:client:web`,
  `${TEST_KEYS.clientMarket}:client:marketplace`,
].join(',');

export type TestApiOptions = {
  /** An OMS_API_KEYS line; TEST_KEYS_SPEC when left out. */
  keys?: string;
  /** OMS_RATE_LIMIT_PER_MINUTE; unlimited in practice (a million) unless a test asks for a limit. */
  rateLimitPerMinute?: number;
  /** OMS_AUTH_FAILURES_PER_MINUTE; likewise a million unless a test asks for less. */
  authFailuresPerMinute?: number;
  /** Limits to use instead of the ones the config describes (a test of limits shared on Redis). */
  limits?: RequestLimits;
  /** Where the OMS logs (silent when left out). */
  logger?: Logger;
  /** The clock commands and queries see (a test clock makes `state?at=` exact). */
  now?: () => Date;
  /** Anything else for the config, as environment variables. */
  env?: Record<string, string>;
};

export type TestApi = {
  oms: Oms;
  /** The express app createHttpApp built, and the route table it was built from. */
  app: Awaited<ReturnType<typeof createHttpApp>>['app'];
  routes: RouteDefinition[];
  server: http.Server;
  baseUrl: string;
  /** Requests without credentials. */
  request: supertest.Agent;
  /** Requests that send one of TEST_KEYS (or any key string) as a bearer token. */
  as(key: TestKeyName | (string & {})): supertest.Agent;
  keys: typeof TEST_KEYS;
  /** The global position of the last event in the store. */
  head(): Promise<bigint>;
  /**
   * Resolves once the OMS is quiet: the read models (and the process manager,
   * when one runs) have applied everything appended, no job is waiting,
   * running or delayed, and the head of the log has stopped moving.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
};

/**
 * The real OMS (openOms + createHttpApp, then oms.start(): projections, and
 * the process manager and jobs when this build wires them) on a fresh temp
 * data folder, listening on an ephemeral loopback port, with supertest agents.
 * The config comes from `loadConfig` over the options alone, not the process
 * environment, so REDIS_URL and the like never leak in. Call `close()` in afterAll.
 */
export async function openTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const temp = makeTempDir('oms-api-');
  const config = loadConfig({
    OMS_DATA_DIR: temp.dir,
    OMS_LOG_LEVEL: 'silent',
    // The suites send thousands of requests with one key from one address: the limits are tested on their own.
    OMS_RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 1_000_000),
    OMS_AUTH_FAILURES_PER_MINUTE: String(options.authFailuresPerMinute ?? 1_000_000),
    // Shipments move only when a test polls (trackingPoller.pollOnce()), not on the wall clock.
    OMS_TRACKING_POLL_SECONDS: '0',
    ...options.env,
  });
  const oms = await openOms({
    config,
    keys: ApiKeyRing.parse(options.keys ?? TEST_KEYS_SPEC),
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const httpApp = await createHttpApp(oms, options.limits ? { limits: options.limits } : {});
  const { app, routes } = httpApp;
  await oms.start();
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const agents = new Map<string, supertest.Agent>();
  const as = (key: string): supertest.Agent => {
    const secret = key in TEST_KEYS ? TEST_KEYS[key as TestKeyName] : key;
    let agent = agents.get(secret);
    if (!agent) {
      agent = supertest.agent(server).set('Authorization', `Bearer ${secret}`);
      agents.set(secret, agent);
    }
    return agent;
  };

  return {
    oms,
    app,
    routes,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    request: supertest.agent(server),
    as,
    keys: TEST_KEYS,
    head: () => oms.events.headPosition(),
    settled: () => settleOms(oms),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await httpApp.close();
      await oms.close();
      await temp.remove();
    },
  };
}

const SETTLE_TIMEOUT_MS = 10_000;

/** See TestApi.settled. */
export async function settleOms(oms: Oms): Promise<void> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const head = await oms.events.headPosition();
    await oms.projections.waitForPosition(head, Math.max(0, deadline - Date.now()));
    // health() is the one view of every background worker, whichever of them this build wires.
    const health = (await oms.health()) as {
      jobs: { waiting?: number; active?: number; delayed?: number };
      processManager?: { position: string; state: string };
    };
    const jobsBusy = (health.jobs.waiting ?? 0) + (health.jobs.active ?? 0) + (health.jobs.delayed ?? 0) > 0;
    const workflow = health.processManager;
    const workflowBehind = workflow !== undefined && workflow.state === 'running' && BigInt(workflow.position) < head;
    const projectionsBehind = !(await oms.projections.waitForPosition(head, 0));
    if (!jobsBusy && !workflowBehind && !projectionsBehind && (await oms.events.headPosition()) === head) return;
    if (Date.now() > deadline) throw new Error(`the OMS did not settle within ${SETTLE_TIMEOUT_MS} ms (head ${head})`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
