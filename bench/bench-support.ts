import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scratch folder removed when the benchmark ends. */
export const scratchDir = (name: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `oms-bench-${name}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
};

export const seconds = (startNs: bigint): number => Number(process.hrtime.bigint() - startNs) / 1e9;

export const timed = async <T>(work: () => Promise<T> | T): Promise<{ result: T; seconds: number }> => {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: seconds(start) };
};

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
};

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** Progress and commentary go to stderr; stdout's last line is the JSON result. */
export const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

export const report = (figures: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
};

export { seededRandom } from '../src/cli/seeded-random';
