import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, DocumentStore } from '../infrastructure/documents/document-store';
import { SqliteDocumentStore } from '../infrastructure/documents/sqlite-document-store';
import { EventStore, formatPosition } from '../infrastructure/eventstore/event-store';
import { silentLogger } from '../infrastructure/observability/logger';
import { allProjections } from '../projections/all-projections';
import { Projection, ProjectionCollection } from '../projections/projection';
import { ProjectionRunner } from '../projections/projection-runner';
import { diffDocuments, showValue } from './document-diff';
import { messageOf, optionsOrExit, UsageError } from './forecast/usage-error';
import { ProgressReporter } from './progress';
import { openReadSideOrExit, parseFlags, ReadSideIo } from './read-side-io';

export const DEFAULT_MAX_LINES = 20;
/** A server writing meanwhile moves the live checkpoints; verify catches up and compares again this many times. */
const MAX_ATTEMPTS = 5;
const PAGE = 500;

export const VERIFY_USAGE = `usage: oms verify [--max-lines N]
  Rebuilds every read model from the event log into a scratch store, up to the
  positions the live read models have reached, and compares the two document
  by document. Exit 0: identical; 1: they differ (the differences on stdout);
  2: bad arguments.
  --max-lines  show at most N lines of differences (default ${DEFAULT_MAX_LINES})
`;

const FLAGS = {
  'max-lines': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** What differs, one line each, already worded. */
type Findings = { lines: string[]; documents: number; compared: number };

/**
 * `oms verify`: `argv` holds the arguments after the word `verify`. Answers
 * 0 when the live read models equal a rebuild from the log, 1 with a diff
 * (collection, id, the differing fields) when they do not (or a store cannot
 * be reached), 2 on bad arguments or configuration.
 */
export async function runVerifyCommand(argv: string[], io: ReadSideIo): Promise<number> {
  const parsed = optionsOrExit('verify', VERIFY_USAGE, io, () => parseVerifyOptions(argv));
  if ('exitCode' in parsed) return parsed.exitCode;
  const { options } = parsed;
  const opened = await openReadSideOrExit('verify', io);
  if ('exitCode' in opened) return opened.exitCode;
  const live = opened.stores;
  const scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-verify-'));
  let scratch: SqliteDocumentStore | null = null;
  try {
    scratch = await SqliteDocumentStore.open(path.join(scratchDir, 'read-models.db'));
    await live.documents.ensureCollections(allProjections.flatMap((p) => p.collections));
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const targets = await checkpointsOf(live.documents);
      const unreachable = await rebuildUpTo(live.events, scratch, targets, io);
      const findings = await compareStores(live.documents, scratch);
      if (!sameCheckpoints(targets, await checkpointsOf(live.documents))) continue; // written to meanwhile: catch up, compare again
      return report([...unreachable, ...findings.lines], findings, targets, options.maxLines, io);
    }
    io.stdout(`oms verify: the live read models kept changing while being compared (${MAX_ATTEMPTS} attempts); stop the processes running projections and try again\n`);
    return 1;
  } catch (error) {
    io.stderr(`oms verify: failed: ${messageOf(error)}\n`);
    return 1;
  } finally {
    await scratch?.close();
    fs.rmSync(scratchDir, { recursive: true, force: true });
    await live.close();
  }
}

function parseVerifyOptions(argv: readonly string[]) {
  const flags = parseFlags(argv, FLAGS);
  if (flags.help) return 'help' as const;
  const raw = flags['max-lines'];
  if (raw === undefined) return { maxLines: DEFAULT_MAX_LINES };
  const maxLines = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || maxLines < 1) throw new UsageError(`--max-lines must be a whole number of at least 1, got '${raw}'`);
  return { maxLines };
}

/** Each projection's live checkpoint; a projection that never ran is at 0. */
async function checkpointsOf(documents: DocumentStore): Promise<Map<string, bigint>> {
  const stored = await documents.listCheckpoints();
  return new Map(allProjections.map((p) => [p.name, stored[p.name] ?? 0n]));
}

const sameCheckpoints = (a: Map<string, bigint>, b: Map<string, bigint>) => [...a].every(([name, position]) => b.get(name) === position);

/**
 * Brings each projection in the scratch store to its live checkpoint: one
 * pass over the log per distinct checkpoint (usually one for all). Answers a
 * line for each projection the log does not reach.
 */
async function rebuildUpTo(events: EventStore, scratch: DocumentStore, targets: Map<string, bigint>, io: ReadSideIo): Promise<string[]> {
  const groups = new Map<bigint, Projection[]>();
  for (const projection of allProjections) {
    const target = targets.get(projection.name)!;
    groups.set(target, [...(groups.get(target) ?? []), projection]);
  }
  const unreachable: string[] = [];
  for (const [target, projections] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const runner = new ProjectionRunner({ events, documents: scratch, projections, logger: silentLogger() });
    const progress = new ProgressReporter({ write: io.stderr, isTTY: io.stderrIsTTY }, 'verify: rebuilding');
    const result = await runner.catchUp((p) => progress.update(p), target);
    progress.finish(result);
    if (runner.position() < target) {
      for (const { name } of projections) {
        unreachable.push(`checkpoint ${name}: live at position ${formatPosition(target)}, but the log ends at ${formatPosition(runner.position())}`);
      }
    }
  }
  return unreachable;
}

/** Every collection, both ways: documents that differ, that only the live store has, that only the rebuild has. */
async function compareStores(live: DocumentStore, rebuilt: DocumentStore): Promise<Findings> {
  const findings: Findings = { lines: [], documents: 0, compared: 0 };
  for (const collection of allProjections.flatMap((p) => p.collections)) {
    for await (const page of pagesOf(live, collection)) {
      const counterparts = await rebuilt.getMany(collection.name, [...page.keys()]);
      for (const [id, doc] of page) {
        findings.compared += 1;
        const other = counterparts.get(id);
        const differences = other === undefined ? null : diffDocuments(doc, other);
        if (differences !== null && differences.length === 0) continue;
        findings.documents += 1;
        if (differences === null) findings.lines.push(`${collection.name} ${id}: only in the live store`);
        else for (const d of differences) findings.lines.push(`${collection.name} ${id}: ${d.path}: live ${showValue(d.live)}, rebuilt ${showValue(d.rebuilt)}`);
      }
    }
    for await (const page of pagesOf(rebuilt, collection)) {
      const counterparts = await live.getMany(collection.name, [...page.keys()]);
      for (const id of page.keys()) {
        if (counterparts.has(id)) continue;
        findings.documents += 1;
        findings.lines.push(`${collection.name} ${id}: missing from the live store`);
      }
    }
  }
  return findings;
}

/** A collection in pages, each document under the id its projection stores it by. */
async function* pagesOf(documents: DocumentStore, collection: ProjectionCollection): AsyncGenerator<Map<string, Document>> {
  let cursor: string | null = null;
  do {
    const page: { items: Document[]; nextCursor: string | null } = await documents.find(collection.name, { limit: PAGE, cursor });
    yield new Map(page.items.map((doc) => [collection.idOf(doc), doc]));
    cursor = page.nextCursor;
  } while (cursor);
}

function report(lines: string[], findings: Findings, targets: Map<string, bigint>, maxLines: number, io: ReadSideIo): number {
  const count = (n: number) => n.toLocaleString('en-US');
  const upTo = describeTargets(targets);
  if (lines.length === 0) {
    io.stdout(`verified: ${count(findings.compared)} documents identical to a rebuild from the log (${upTo})\n`);
    return 0;
  }
  const shown = lines.slice(0, maxLines);
  const more = lines.length - shown.length;
  const documents = findings.documents > 0 ? `: ${count(findings.documents)} of ${count(findings.compared)} documents differ` : '';
  io.stdout(
    `oms verify: the live read models differ from a rebuild from the log (${upTo})${documents}\n` +
      shown.map((line) => `  ${line}\n`).join('') +
      (more > 0 ? `  ... and ${count(more)} more lines (--max-lines to see more)\n` : ''),
  );
  return 1;
}

/** "up to position 90", or per projection when their checkpoints differ. */
function describeTargets(targets: Map<string, bigint>): string {
  const byPosition = new Map<bigint, string[]>();
  for (const [name, position] of targets) byPosition.set(position, [...(byPosition.get(position) ?? []), name]);
  if (byPosition.size === 1) return `up to position ${formatPosition([...byPosition.keys()][0]!)}`;
  return `up to ${[...byPosition].map(([position, names]) => `${names.join(', ')} at ${formatPosition(position)}`).join('; ')}`;
}
