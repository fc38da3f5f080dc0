#!/usr/bin/env node
/**
 * Lints an OpenAPI document (a file or a URL such as
 * http://localhost:3000/openapi.json) with redocly.yaml's ruleset and prints
 * the problems as one JSON array; exit 1 when there is any.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';

const [target] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: node scripts/lint-openapi.mjs <file or url>\n');
  process.exit(2);
}
const source = /^https?:\/\//.test(target) ? await (await fetch(target)).text() : await readFile(target, 'utf8');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = await loadConfig({ configPath: path.join(root, 'redocly.yaml') });
const problems = await lintFromString({ source, absoluteRef: path.resolve('openapi.json'), config });
const readable = problems.map((problem) => ({
  severity: problem.severity,
  rule: problem.ruleId,
  message: problem.message,
  at: problem.location[0]?.pointer,
}));
process.stdout.write(`${JSON.stringify(readable, null, 2)}\n`);
process.exit(readable.length === 0 ? 0 : 1);
