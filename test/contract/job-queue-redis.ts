import { spawnSync } from 'node:child_process';

export const redisUrl = (): string => process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers PING, asked synchronously (in a child process) because
 * jest needs to know while collecting tests whether to skip them.
 * Returns the reason when it does not.
 */
export const redisUnavailableReason = (url: string, timeoutMs = 3_000): string | undefined => {
  const probe = `
    const { Redis } = require('ioredis');
    const client = new Redis(process.argv[1], { lazyConnect: true, connectTimeout: ${timeoutMs - 500}, maxRetriesPerRequest: 0, retryStrategy: () => null });
    let cause;
    client.on('error', (err) => { cause = cause || err; });
    client.connect().then(() => client.ping()).then(
      (reply) => { process.stdout.write(String(reply)); client.disconnect(); },
      (err) => { process.stdout.write(String((cause || err).message)); client.disconnect(); },
    );`;
  const result = spawnSync(process.execPath, ['-e', probe, url], { cwd: process.cwd(), encoding: 'utf8', timeout: timeoutMs });
  if (result.error) return `probe failed: ${result.error.message}`;
  const reply = result.stdout.trim();
  if (reply === 'PONG') return undefined;
  return reply.length > 0 ? reply : `no answer (${result.stderr.trim().split('\n')[0] ?? 'timeout'})`;
};
