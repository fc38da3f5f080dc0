import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Dependencies point inward: the HTTP layer, the commands, the queries, the
 * projections, the domain and the adapters never reach for the composition
 * root. Only src/composition (and the entry points that start it) knows which
 * adapters are wired together.
 */
const SRC = path.resolve(__dirname, '../../../src');
const INNER_LAYERS = ['http', 'integrations', 'commands', 'queries', 'projections', 'domain', 'infrastructure'];

const typeScriptFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });

/** Every module a file imports or re-exports, static or dynamic. */
const importedModules = (source: string): string[] =>
  [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((match) => match[1] as string);

const reachesComposition = (file: string, specifier: string): boolean =>
  specifier.startsWith('.') && path.resolve(path.dirname(file), specifier).startsWith(path.join(SRC, 'composition'));

describe('the dependency rule', () => {
  it('finds imports in every form the code uses', () => {
    const source = ["import { Oms } from '../../composition/oms';", "export { x } from './y';", "const m = await import('../composition/z');"].join('\n');
    expect(importedModules(source)).toEqual(['../../composition/oms', './y', '../composition/z']);
  });

  it.each(INNER_LAYERS)('src/%s imports nothing from src/composition', (layer) => {
    const files = typeScriptFiles(path.join(SRC, layer));
    expect(files.length).toBeGreaterThan(0);
    const offending = files.flatMap((file) =>
      importedModules(readFileSync(file, 'utf8'))
        .filter((specifier) => reachesComposition(file, specifier))
        .map((specifier) => `${path.relative(SRC, file)} -> ${specifier}`),
    );
    expect(offending).toEqual([]);
  });
});
