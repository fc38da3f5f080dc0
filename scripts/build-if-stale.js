#!/usr/bin/env node
'use strict';
/**
 * Compiles the TypeScript only when a source changed since the last build
 * this script made, so `npm run oms -- --help` does not wait for tsc.
 * `npm run build` still compiles unconditionally.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildIsStale } = require('./build-freshness');

const root = path.resolve(__dirname, '..');
const STAMP = path.join(root, 'dist', '.build-stamp.json');
const ENTRY = path.join(root, 'dist', 'src', 'main.js');
const SOURCE_DIRS = ['src', 'bench'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

function currentSources() {
  const files = [...SOURCE_DIRS.flatMap((dir) => filesUnder(path.join(root, dir))), ...SOURCE_FILES.map((file) => path.join(root, file))];
  return files.filter((file) => fs.existsSync(file)).map((file) => ({ path: path.relative(root, file), mtimeMs: fs.statSync(file).mtimeMs }));
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

const sources = currentSources();
if (!buildIsStale({ stamp: readStamp(), sources, entryExists: fs.existsSync(ENTRY) })) process.exit(0);

const startedAt = Date.now();
fs.rmSync(STAMP, { force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
fs.writeFileSync(STAMP, JSON.stringify({ startedAt, sources: sources.map((source) => source.path) }));
