import path from 'node:path';

/**
 * The JavaScript file of a module that runs as a worker thread, next to the
 * caller once built (dist/...). Tests run the TypeScript sources, which
 * cannot start a thread themselves, so from src/ it names the built copy
 * (npm test builds first).
 */
export const compiledScript = (callerFile: string, name: string): string => {
  const directory = path.dirname(callerFile);
  if (!callerFile.endsWith('.ts')) return path.join(directory, `${name}.js`);
  const root = path.resolve(__dirname, '..', '..');
  return path.join(root, 'dist', path.relative(root, directory), `${name}.js`);
};
