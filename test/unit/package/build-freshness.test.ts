/*
 * `npm run oms`, `npm start` and the bench scripts compile only when the
 * sources changed since the last build: the decision, over lists and times.
 */

type Source = { path: string; mtimeMs: number };
type Stamp = { startedAt: number; sources: string[] };
const { buildIsStale } = require('../../../scripts/build-freshness') as {
  buildIsStale(input: { stamp: Stamp | null; sources: Source[]; entryExists: boolean }): boolean;
};

const BUILT_AT = 1_000_000;
const sources: Source[] = [
  { path: 'src/main.ts', mtimeMs: BUILT_AT - 5_000 },
  { path: 'src/http/app.ts', mtimeMs: BUILT_AT - 1 },
  { path: 'tsconfig.json', mtimeMs: BUILT_AT - 90_000 },
];
const stamp: Stamp = { startedAt: BUILT_AT, sources: ['tsconfig.json', 'src/main.ts', 'src/http/app.ts'] };

describe('buildIsStale', () => {
  it('skips the build when nothing changed since the last one', () => {
    expect(buildIsStale({ stamp, sources, entryExists: true })).toBe(false);
  });

  it('builds when there was never a build, or its output is gone', () => {
    expect(buildIsStale({ stamp: null, sources, entryExists: true })).toBe(true);
    expect(buildIsStale({ stamp, sources, entryExists: false })).toBe(true);
  });

  it('builds when a source is newer than the last build', () => {
    const edited = sources.map((source) => (source.path === 'src/http/app.ts' ? { ...source, mtimeMs: BUILT_AT + 1 } : source));
    expect(buildIsStale({ stamp, sources: edited, entryExists: true })).toBe(true);
  });

  it('builds when a source was saved the moment the last build started', () => {
    const racing = sources.map((source) => (source.path === 'src/main.ts' ? { ...source, mtimeMs: BUILT_AT } : source));
    expect(buildIsStale({ stamp, sources: racing, entryExists: true })).toBe(true);
  });

  it('builds when a source was added or deleted, even with an old time (a copied or restored file)', () => {
    expect(buildIsStale({ stamp, sources: [...sources, { path: 'src/new.ts', mtimeMs: 1 }], entryExists: true })).toBe(true);
    expect(buildIsStale({ stamp, sources: sources.slice(1), entryExists: true })).toBe(true);
  });
});
