/**
 * `npm run bench`: every benchmark in turn, each in a process of its own (so
 * none inherits another's heap or open files), then one JSON line with all
 * their figures.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { log, report } from './bench-support';

const BENCHES = ['store', 'replay', 'http', 'workflow', 'oversell', 'crash'];

const results: Record<string, unknown> = {};
for (const name of BENCHES) {
  const file = path.join(__dirname, `${name}.bench.js`);
  log(`\n=== bench:${name}`);
  const run = spawnSync(process.execPath, [file], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const lines = (run.stdout ?? '').trim().split('\n');
  const last = lines[lines.length - 1] ?? '';
  process.stderr.write(`${lines.slice(0, -1).join('\n')}\n`);
  try {
    results[name] = JSON.parse(last);
    log(last);
  } catch {
    results[name] = { error: `exit ${run.status}`, output: last };
  }
}
report({ bench: 'all', results });
