import net from 'node:net';
import { runOms } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * `oms serve` on a configuration it cannot work with says why in one line
 * and exits non-zero (2: the configuration is wrong; 1: a store does not
 * answer), before it listens: never a stack trace, never a half-started
 * server. Runs the real program from dist.
 */

const temp = makeTempDir('oms-startup-');
afterAll(() => temp.remove());

const serve = (env: Record<string, string>) => runOms(['serve'], { dataDir: temp.dir, env: { OMS_LOG_LEVEL: 'silent', OMS_API_KEYS: 'startup-admin-key-0123456789:admin', ...env }, timeoutMs: 60_000 });

/** The one line it wrote to stderr (and nothing on stdout that looks like a listening server). */
const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
};

describe('oms serve refuses to start, in one line', () => {
  it.each([
    ['a port that is not a number', { PORT: 'eighty' }, /PORT/],
    ['an event store URL of another scheme', { EVENTSTORE_URL: 'http://localhost:2113' }, /EVENTSTORE_URL/],
    ['a MongoDB URL that is not a URL', { MONGODB_URL: 'not a url' }, /MONGODB_URL/],
    ['an allocation strategy it does not know', { OMS_ALLOCATION_STRATEGY: 'cheapest' }, /OMS_ALLOCATION_STRATEGY/],
    ['a malformed API key list', { OMS_API_KEYS: 'short:client' }, /OMS_API_KEYS/],
    ['an API key of 23 characters', { OMS_API_KEYS: 'abcdefghijklmnopqrstuvw:admin' }, /OMS_API_KEYS: entry 1 .*24\+ characters/],
    ['an order total ceiling beyond exact integers', { OMS_MAX_ORDER_TOTAL: '1e20' }, /OMS_MAX_ORDER_TOTAL/],
  ])('on %s (exit 2)', async (_what, env, names) => {
    const run = await serve(env);
    expect({ code: run.code, line: oneLine(run.stderr) }).toEqual({ code: 2, line: expect.stringMatching(names) });
  });

  it.each([
    ['EVENTSTORE_URL', 'esdb://127.0.0.1:1?tls=false'],
    ['MONGODB_URL', 'mongodb://127.0.0.1:1/oms?serverSelectionTimeoutMS=500'],
    ['REDIS_URL', 'redis://127.0.0.1:1'],
  ])('when %s does not answer (exit 1)', async (variable, url) => {
    const run = await serve({ [variable]: url });
    expect({ code: run.code, line: oneLine(run.stderr) }).toEqual({
      code: 1,
      line: expect.stringMatching(new RegExp(`^oms: cannot reach ${variable}`)),
    });
  }, 60_000);

  it('when its port is taken (exit 1)', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const run = await serve({ PORT: String(port) });
      expect({ code: run.code, line: oneLine(run.stderr) }).toEqual({ code: 1, line: `oms: cannot listen on port ${port}: the port is in use` });
    } finally {
      taken.close();
    }
  }, 60_000);
});

