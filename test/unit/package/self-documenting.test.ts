import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * The repository documents itself: its docs are docs/api.md and
 * docs/domain.md, and nothing in it points at documents that live elsewhere.
 */

const root = path.resolve(__dirname, '../../..');
const SCANNED = ['src', 'test', 'docs', 'bench', 'scripts', 'README.md'];
// Built from parts so this file does not name what it looks for.
const OUTSIDE = new RegExp(['\\b(API|DOMAIN|DESIGN|STYLE)\\.md\\b', '\\.\\./shared/[A-Za-z]+\\.md', '/work/' + 'shared'].join('|'));

const filesUnder = (entry: string): string[] => {
  const full = path.join(root, entry);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((name) => filesUnder(path.join(entry, name)));
};

describe('the repository', () => {
  it('has its own API and domain documents, linked from the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    for (const doc of ['docs/api.md', 'docs/domain.md']) {
      expect(statSync(path.join(root, doc)).size).toBeGreaterThan(2000);
      expect(readme).toContain(`(${doc})`);
    }
  });

  it('names no document outside itself', () => {
    const offenders = SCANNED.flatMap(filesUnder)
      .filter((file) => OUTSIDE.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
