import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CHECKPOINT_DELAY_MS, SqlitePaymentSecrets } from '../../src/infrastructure/secrets/sqlite-payment-secrets';
import { makeTempDir } from '../support/temp-dir';
import { paymentSecretsContract } from './payment-secrets.contract';

const temp = makeTempDir('oms-payment-secrets-');
afterAll(() => temp.remove());
let stores = 0;

paymentSecretsContract('sqlite', async (options) => {
  const dir = path.join(temp.dir, `store-${++stores}`);
  return { secrets: new SqlitePaymentSecrets(path.join(dir, 'payment-secrets.db'), options) };
});

/** Every file in a folder whose bytes contain `needle`. */
const filesContaining = (dir: string, needle: string): string[] =>
  fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile() && fs.readFileSync(file).includes(Buffer.from(needle)));

describe('SqlitePaymentSecrets specifics', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = path.join(temp.dir, `specifics-${++stores}`);
    file = path.join(dir, 'payment-secrets.db');
  });

  it('leaves no byte of an erased token in the database, its -wal or its -shm file once the checkpoint after the erase has run, even while still open', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const secrets = new SqlitePaymentSecrets(file, { ttlMs: 60_000 });
      const tokens = Array.from({ length: 20 }, (_, i) => `tok_erase_me_${i}_${'x'.repeat(40)}`);
      for (const [i, token] of tokens.entries()) await secrets.keep(`order-${i}`, token);
      await secrets.keep('order-kept', 'tok_still_waiting');
      expect(filesContaining(dir, 'tok_erase_me_').length).toBeGreaterThan(0);
      for (const i of tokens.keys()) await secrets.erase(`order-${i}`);

      jest.advanceTimersByTime(DEFAULT_CHECKPOINT_DELAY_MS);
      expect(filesContaining(dir, 'tok_erase_me_')).toEqual([]);
      expect(await secrets.read('order-kept')).toBe('tok_still_waiting');
      await secrets.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('deletes and checkpoints once for a run of erases, not once per erase', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const secrets = new SqlitePaymentSecrets(file, { ttlMs: 60_000 });
      const flush = jest.spyOn(secrets, 'flush');
      for (let i = 0; i < 10; i++) {
        await secrets.keep(`order-${i}`, `tok_${i}`);
        await secrets.erase(`order-${i}`);
      }
      expect(flush).not.toHaveBeenCalled();
      jest.advanceTimersByTime(DEFAULT_CHECKPOINT_DELAY_MS);
      expect(flush).toHaveBeenCalledTimes(1);
      await secrets.close();
    } finally {
      jest.useRealTimers();
    }
  });

  it('erases expired tokens too, so one never taken does not stay on disk', async () => {
    let clock = Date.UTC(2025, 0, 1);
    const secrets = new SqlitePaymentSecrets(file, { ttlMs: 1000, now: () => new Date(clock) });
    await secrets.keep('abandoned', 'tok_abandoned_order');
    clock += 1000;
    await secrets.erase('another-order');
    secrets.flush();
    expect(filesContaining(dir, 'tok_abandoned_order')).toEqual([]);
    await secrets.close();
    expect(filesContaining(dir, 'tok_abandoned_order')).toEqual([]);
  });

  it('is readable and writable by its owner only', async () => {
    const secrets = new SqlitePaymentSecrets(file, { ttlMs: 60_000 });
    await secrets.keep('order-1', 'tok_mode');
    const modes = fs.readdirSync(dir).map((name) => [name, (fs.statSync(path.join(dir, name)).mode & 0o777).toString(8)]);
    expect(modes.length).toBeGreaterThan(0);
    for (const [, mode] of modes) expect(mode).toBe('600');
    await secrets.close();
  });

  it('shares tokens between handles on one file, as threads and processes on one data folder do', async () => {
    const placing = new SqlitePaymentSecrets(file, { ttlMs: 60_000 });
    const authorizing = new SqlitePaymentSecrets(file, { ttlMs: 60_000 });
    await placing.keep('order-1', 'tok_shared');
    expect(await authorizing.read('order-1')).toBe('tok_shared');
    await authorizing.erase('order-1');
    expect(await authorizing.read('order-1')).toBeNull();
    authorizing.flush();
    expect(await placing.read('order-1')).toBeNull();
    await placing.close();
    await authorizing.close();
  });
});
