import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The OMS runs on every maintained Node LTS line, and claims no line that one
 * of its runtime dependencies refuses.
 */

// npm's own range matcher (installed with the toolchain; it ships no types).
const semver = require('semver') as { satisfies(version: string, range: string): boolean };

const root = path.resolve(__dirname, '../../..');
const manifest = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as {
  engines?: { node?: string };
  dependencies?: Record<string, string>;
};
const own = manifest(path.join(root, 'package.json'));

/** The first release of each maintained LTS line that the dependencies accept, and a late one. */
const LTS_VERSIONS = ['20.19.0', '20.99.0', '22.12.0', '22.99.0', '24.0.0', '24.99.0'];

describe('engines', () => {
  it.each(LTS_VERSIONS)('admit Node %s', (version) => {
    expect(semver.satisfies(version, own.engines!.node!)).toBe(true);
  });

  it.each(['18.20.0', '21.7.0', '23.0.0', '25.0.0'])('refuse Node %s, a line that is not LTS or no longer maintained', (version) => {
    expect(semver.satisfies(version, own.engines!.node!)).toBe(false);
  });

  it.each(Object.keys(own.dependencies ?? {}))('ask nothing of Node that %s refuses', (name) => {
    const dependency = manifest(require.resolve(`${name}/package.json`, { paths: [root] }));
    const range = dependency.engines?.node;
    if (range === undefined) return;
    for (const version of LTS_VERSIONS) expect({ version, ok: semver.satisfies(version, range) }).toEqual({ version, ok: true });
  });
});
