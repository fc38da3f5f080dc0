/**
 * The real program (`node dist/src/main.js <command>`) as a child process on
 * a data folder: started, waited for until ready, talked to over HTTP,
 * stopped or killed. For the benchmarks and reliability suites that need what
 * only separate processes show: several processes on one data folder, lease
 * takeover after a SIGKILL, recovery after a crash.
 *
 *   const a = await startOms({ dataDir });        // `oms serve` on a free port, ready to answer
 *   await a.post('/orders', body, 'client');
 *   await a.kill();                               // SIGKILL, waits for the exit
 *
 * Needs a build. Readiness comes from the process's own log lines
 * (OMS_LOG_LEVEL=info, JSON on stdout): `serve` is ready once it logs the port
 * it listens on, a worker once it logs `worker <role> started`. Every child
 * still running when this process exits is killed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Role } from '../src/http/auth/roles';

/** The project root: the nearest folder above this file with a package.json (from bench/, test/ or dist/bench/). */
const projectRoot = (): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
};

const MAIN_JS = path.join(projectRoot(), 'dist', 'src', 'main.js');

/** One key per role, named after it: what a child gets unless told otherwise. */
export const ROLE_KEYS = Object.fromEntries(Role.options.map((role) => [role, `oms-${role}-key-0123456789abcdef`])) as Record<Role, string>;
const ROLE_KEYS_SPEC = Role.options.map((role) => `${ROLE_KEYS[role]}:${role}`).join(',');

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type LogLine = { level?: number; msg?: string; [field: string]: unknown };

export type OmsProcessOptions = {
  dataDir: string;
  /** Default ['serve']; e.g. ['worker', 'projections'], ['worker', 'jobs']. */
  args?: string[];
  /** For `serve`; 0 (default) lets the OS choose and the harness reads the port from the log. */
  port?: number;
  /**
   * The API keys: OMS_API_KEYS and the names requests may give instead of a
   * raw key. ROLE_KEYS (one per role, named after it) by default.
   */
  keys?: { spec: string; byName: Record<string, string> };
  /** OMS_LEASE_TTL_MS. */
  leaseTtlMs?: number;
  /**
   * OMS_RATE_LIMIT_PER_MINUTE and OMS_AUTH_FAILURES_PER_MINUTE: a hundred
   * million unless given, since the suites and benchmarks send thousands of
   * requests with one key from one address.
   */
  rateLimitPerMinute?: number;
  authFailuresPerMinute?: number;
  /** Anything else for the child's environment (it does not inherit REDIS_URL and the like). */
  env?: Record<string, string>;
  /** How long to wait for readiness. Default 30 s (a loaded 2-core machine). */
  readyTimeoutMs?: number;
  /** A name in error messages. */
  name?: string;
  /** Run as this user (the test process must be root), as a container's `USER` does. */
  user?: { uid: number; gid: number };
  /** The child's working folder; the test process's by default. */
  cwd?: string;
};

export type HttpAnswer<T = any> = { status: number; headers: Headers; body: T; text: string };

export type RequestOptions = {
  /** A key's name (see OmsProcessOptions.keys) or a raw key; 'admin' by default; null: no Authorization header. */
  key?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
};

const OUTPUT_LIMIT = 4 * 1024 * 1024;

export class OmsProcess {
  readonly child: ChildProcess;
  readonly name: string;
  private readonly keys: { spec: string; byName: Record<string, string> };
  /** For `serve`: where it listens (set once ready). */
  port = 0;
  private output = '';
  private readonly lines: LogLine[] = [];
  private readonly lineListeners = new Set<(line: LogLine) => void>();
  private partial = '';
  /** Resolves when the process has exited, with how. */
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;

  constructor(readonly options: OmsProcessOptions) {
    if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
    this.keys = options.keys ?? { spec: ROLE_KEYS_SPEC, byName: ROLE_KEYS };
    const args = options.args ?? ['serve'];
    this.name = options.name ?? `oms ${args.join(' ')}`;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      OMS_DATA_DIR: options.dataDir,
      OMS_API_KEYS: this.keys.spec,
      OMS_LOG_LEVEL: 'info',
      PORT: String(options.port ?? 0),
      ...(options.leaseTtlMs !== undefined ? { OMS_LEASE_TTL_MS: String(options.leaseTtlMs) } : {}),
      OMS_RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute ?? 100_000_000),
      OMS_AUTH_FAILURES_PER_MINUTE: String(options.authFailuresPerMinute ?? 100_000_000),
      ...options.env,
    };
    this.child = spawn(process.execPath, [MAIN_JS, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    alive.add(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        alive.delete(this.child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.append(chunk));
    this.child.once('error', (error) => this.append(`spawn error: ${error.message}\n`));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** Everything it wrote to stdout and stderr so far (the last few MiB). */
  get log(): string {
    return this.output;
  }

  /** The JSON log lines so far. */
  logLines(): readonly LogLine[] {
    return this.lines;
  }

  /** Its error-level log lines so far (level 50 and up): there should be none. */
  errors(): LogLine[] {
    return this.lines.filter((line) => (line.level ?? 0) >= 50);
  }

  /** Its warnings and errors so far (log level 40 and up), one per line: what to print when a test fails. */
  problems(): string[] {
    return this.lines.filter((line) => (line.level ?? 0) >= 40).map((line) => `[${this.name} ${this.pid}] ${JSON.stringify(line)}`);
  }

  /** Resolves with the first log line (already written or still to come) that matches; rejects if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs = 30_000, what = 'a log line'): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = (error: Error | null, line?: LogLine) => {
        clearTimeout(timer);
        this.lineListeners.delete(listener);
        void this.exited.then(() => undefined);
        if (error) reject(error);
        else resolve(line!);
      };
      const listener = (line: LogLine) => {
        if (match(line)) done(null, line);
      };
      const timer = setTimeout(() => done(new Error(`${this.name} (pid ${this.pid}): no ${what} within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      this.lineListeners.add(listener);
      void this.exited.then((exit) => {
        if (this.lineListeners.has(listener)) done(new Error(`${this.name} (pid ${this.pid}) exited (${describeExit(exit)}) before ${what}\n${this.tail()}`));
      });
    });
  }

  /** Waits until the process is ready: `serve` listening (and its port known), a worker started. */
  async ready(): Promise<this> {
    const timeout = this.options.readyTimeoutMs ?? 30_000;
    const [command, role] = this.options.args ?? ['serve'];
    if (command === 'serve') {
      const line = await this.waitForLog((l) => typeof l.port === 'number' && String(l.msg).startsWith('OMS listening'), timeout, 'listening line');
      this.port = line.port as number;
    } else if (command === 'worker') {
      await this.waitForLog((l) => l.msg === `worker ${role} started`, timeout, `"worker ${role} started"`);
    }
    return this;
  }

  /** An HTTP request to this `serve` process; the body is parsed as JSON when it is JSON. */
  async request<T = any>(method: string, urlPath: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const key = options.key === undefined ? 'admin' : options.key;
    const headers: Record<string, string> = { ...options.headers };
    if (key !== null) headers.authorization = `Bearer ${this.keys.byName[key] ?? key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${urlPath}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json') && text.length > 0) body = JSON.parse(text);
    return { status: response.status, headers: response.headers, body: body as T, text };
  }

  get<T = any>(urlPath: string, key?: RequestOptions['key'], headers?: Record<string, string>) {
    return this.request<T>('GET', urlPath, { key, ...(headers ? { headers } : {}) });
  }

  /** A POST; `body` undefined sends none (some commands take no body). */
  post<T = any>(urlPath: string, body?: unknown, key?: RequestOptions['key'], headers?: Record<string, string>) {
    return this.request<T>('POST', urlPath, { key, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  }

  put<T = any>(urlPath: string, body: unknown, key?: RequestOptions['key']) {
    return this.request<T>('PUT', urlPath, { key, body });
  }

  /** Like request, but throws (with the answer and the process's log tail) unless the status is the one expected. */
  async expect<T = any>(status: number, method: string, urlPath: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const answer = await this.request<T>(method, urlPath, options);
    if (answer.status !== status) {
      throw new Error(`${this.name}: ${method} ${urlPath} answered ${answer.status}, expected ${status}: ${answer.text.slice(0, 500)}`);
    }
    return answer;
  }

  /** GET /health (no auth). */
  async health(): Promise<Health> {
    return (await this.request<Health>('GET', '/health', { key: null })).body;
  }

  /** SIGTERM (a clean stop), then SIGKILL if it has not exited after `timeoutMs`. Answers how it exited. */
  async stop(timeoutMs = 20_000): Promise<Exit> {
    if (!this.running) return this.exit!;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL: the process dies at once, mid-write if it was writing. */
  async kill(): Promise<Exit> {
    if (!this.running) return this.exit!;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** The last lines of its output, for error messages. */
  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).map((line) => `  [${this.name} ${this.pid}] ${line}`).join('\n');
  }

  private onStdout(chunk: string): void {
    this.append(chunk);
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.startsWith('{')) continue;
      let line: LogLine;
      try {
        line = JSON.parse(part) as LogLine;
      } catch {
        continue;
      }
      this.lines.push(line);
      for (const listener of [...this.lineListeners]) listener(line);
    }
  }

  private append(chunk: string): void {
    this.output += chunk;
    if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT / 2);
  }
}

/** What GET /health answers (the fields these suites read). */
export type Health = {
  status: string;
  eventStore: { adapter: string; head: string };
  jobs: { adapter: string; waiting: number; active: number; delayed: number; failed: number };
  projections: Record<string, { position: string; lag: number; state: string; error: string | null; leaseHeld: boolean }>;
  processManager: { position: string; lag: number; state: string; error: string | null; leaseHeld: boolean };
};

/** No job waiting, running or waiting out a retry's backoff, by what /health answers. */
export const jobsIdle = (health: Pick<Health, 'jobs'>): boolean => health.jobs.waiting + health.jobs.active + health.jobs.delayed === 0;

const describeExit = (exit: Exit) =>
  exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;

/** Starts an `oms` process and waits until it is ready; kills it if it does not get there. */
export async function startOms(options: OmsProcessOptions): Promise<OmsProcess> {
  const oms = new OmsProcess(options);
  try {
    return await oms.ready();
  } catch (error) {
    await oms.kill();
    throw error;
  }
}

/** Runs a one-shot command (`verify`, `replay`, `seed ...`) to its end; answers its exit code and output. */
export function runOms(
  args: string[],
  options: { dataDir: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  if (!fs.existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN_JS, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', OMS_DATA_DIR: options.dataDir, OMS_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Polls `check` until it answers something other than undefined/false, or
 * throws after `timeoutMs` with `describe()` (what was last seen) in the message.
 */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what: string; describe?: () => string | Promise<string> },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastError = null;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = options.describe ? await options.describe() : '';
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${options.what}${cause}${seen ? `\n${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
