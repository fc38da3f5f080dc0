/**
 * The embedded DocumentStore: one SQLite file (WAL, synchronous=FULL), a
 * table per collection holding each document as JSON text beside one column
 * per indexed field (see sqlite-document-sql.ts for why columns and not
 * expression indexes), indexes on those columns then id, and a checkpoints
 * table whose positions are 64-bit integers read back as bigint. A unit of
 * work is one BEGIN IMMEDIATE transaction.
 *
 * The write path stays lean for rebuilds: statements are prepared once per
 * collection (patches once per shape), a put is one JSON.stringify, a walk
 * down each indexed path and one run; a patch is applied inside SQLite with
 * json_set, never read back, and touches only the indexes of fields it sets.
 *
 * Every process sharing a file must declare the same collections: the index
 * columns are written by whoever writes the document.
 */
import Database from 'better-sqlite3';
import { openSqliteFile } from '../sqlite-file';
import { CheckpointWatch } from './checkpoint-watch';
import { SqliteWriteLock } from './sqlite-write-lock';
import {
  CollectionDefinition,
  Document,
  DocumentStore,
  DocumentWrite,
  Filter,
  FindOptions,
  InvalidDocument,
  Page,
  Lease,
  LeaseLost,
  UnitOfWork,
  UnknownCollection,
} from './document-store';
import {
  checkCheckpoint,
  checkCheckpointName,
  checkDocument,
  checkId,
  checkPatchField,
  checkpointList,
  CollectionSchema,
  encodeCursor,
  isPlainObject,
  NormalizedFind,
  normalizeDefinitions,
  normalizeFilter,
  normalizeFind,
} from './document-query';
import {
  CHECKPOINT_TABLE,
  LEASE_TABLE,
  columnValue,
  columnValueSql,
  compileConditions,
  FIELD_COLUMN_PREFIX,
  fieldColumn,
  fieldColumnName,
  indexName,
  pageSegments,
  quoteIdentifier,
  scalarFromColumn,
  SegmentQuery,
  SqlValue,
  tableName,
} from './sqlite-document-sql';

type Statement = Database.Statement<unknown[], unknown>;

/** An indexed path: its column, and its segments to walk a document by. */
type IndexedField = { path: string; head: string; rest: readonly string[]; column: string };

type Collection = {
  schema: CollectionSchema;
  table: string;
  fields: readonly IndexedField[];
  get: Statement;
  getMany: Statement;
  put: Statement;
  insert: Statement;
  delete: Statement;
  deleteAll: Statement;
  /** Keyed by the patch's shape: how many fields it sets and removes, and which columns it changes. */
  patches: Map<string, Statement>;
};

type PageRow = { id: string; doc: string; k?: unknown };

export type SqliteDocumentStoreOptions = {
  /** How long to wait for another connection's write lock before failing (ms). Default 5000. */
  busyTimeoutMs?: number;
  /** Page cache in KiB. Default 16384 (16 MiB): rebuilds touch far more than SQLite's 2 MiB default; more bought no speed and cost memory. */
  cacheSizeKiB?: number;
  /** Distinct query shapes (filters, sorts, segments) kept prepared. Default 500. */
  statementCacheSize?: number;
  /**
   * 'full' (default): every commit is on disk before it returns. 'normal':
   * commits stay atomic, but the last ones may be lost to a power failure;
   * right for data that can be rebuilt from the event log (read models,
   * projection checkpoints), and much cheaper per commit.
   */
  durability?: 'full' | 'normal';
};

export class SqliteDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, Collection>();
  private readonly queries: StatementCache;
  private readonly setCheckpoint: Statement;
  private readonly getCheckpointStatement: Statement;
  private readonly listCheckpointsStatement: Statement;
  private readonly deleteCheckpoint: Statement;
  private readonly commitTransaction: (unit: UnitOfWork) => void;

  /** `filename` may be ':memory:' (tests). */
  static async open(filename: string, options: SqliteDocumentStoreOptions = {}): Promise<SqliteDocumentStore> {
    const busyTimeoutMs = nonNegativeInteger(options.busyTimeoutMs, 5000);
    const db = openSqliteFile(filename, { synchronous: options.durability === 'normal' ? 'NORMAL' : 'FULL', busyTimeoutMs });
    try {
      db.pragma(`cache_size = -${nonNegativeInteger(options.cacheSizeKiB, 16384)}`);
      db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINT_TABLE} (name TEXT PRIMARY KEY NOT NULL, position INTEGER NOT NULL) STRICT`);
      db.exec(`CREATE TABLE IF NOT EXISTS ${LEASE_TABLE} (name TEXT PRIMARY KEY NOT NULL, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT`);
      return new SqliteDocumentStore(db, nonNegativeInteger(options.statementCacheSize, 500), filename, busyTimeoutMs);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  private readonly takeLease: Statement;
  private readonly dropLease: Statement;
  private readonly leaseHolder: Statement;
  private readonly checkpointWatch: CheckpointWatch;
  private readonly writeLock: SqliteWriteLock;

  private constructor(
    private readonly db: Database.Database,
    statementCacheSize: number,
    filename: string,
    busyTimeoutMs: number,
  ) {
    this.checkpointWatch = new CheckpointWatch(filename);
    this.writeLock = new SqliteWriteLock(db, busyTimeoutMs);
    // Renews for the holder, or takes over once the previous holder's lease has run out.
    this.takeLease = db.prepare(
      `INSERT INTO ${LEASE_TABLE} (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE ${LEASE_TABLE}.holder = excluded.holder OR ${LEASE_TABLE}.expires_at < ?`,
    );
    this.dropLease = db.prepare(`DELETE FROM ${LEASE_TABLE} WHERE name = ? AND holder = ?`);
    this.leaseHolder = db.prepare(`SELECT holder, expires_at AS expiresAt FROM ${LEASE_TABLE} WHERE name = ?`);
    this.queries = new StatementCache(db, statementCacheSize);
    this.setCheckpoint = db.prepare(
      `INSERT INTO ${CHECKPOINT_TABLE} (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position`,
    );
    this.getCheckpointStatement = db.prepare(`SELECT position FROM ${CHECKPOINT_TABLE} WHERE name = ?`).pluck().safeIntegers(true);
    this.listCheckpointsStatement = db.prepare(`SELECT name, position FROM ${CHECKPOINT_TABLE} ORDER BY name`).safeIntegers(true);
    this.deleteCheckpoint = db.prepare(`DELETE FROM ${CHECKPOINT_TABLE} WHERE name = ?`);
    this.commitTransaction = db.transaction((unit: UnitOfWork) => this.applyUnit(unit)).immediate;
  }

  async ensureCollections(definitions: readonly CollectionDefinition[]): Promise<void> {
    const schemas = normalizeDefinitions(definitions);
    this.db.transaction(() => schemas.forEach((schema) => this.migrate(schema))).immediate();
    for (const schema of schemas) this.collections.set(schema.name, this.prepareCollection(schema));
  }

  async get<T extends Document = Document>(collection: string, id: string): Promise<T | null> {
    const text = this.collection(collection).get.get(id) as string | undefined;
    return text === undefined ? null : (JSON.parse(text) as T);
  }

  async getMany<T extends Document = Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const c = this.collection(collection);
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    for (const id of ids) checkId(collection, id);
    for (const row of c.getMany.all(JSON.stringify(ids)) as { id: string; doc: string }[]) {
      found.set(row.id, JSON.parse(row.doc) as T);
    }
    return found;
  }

  async find<T extends Document = Document>(collection: string, options?: FindOptions): Promise<Page<T>> {
    const c = this.collection(collection);
    const query = normalizeFind(c.schema, options);
    const wanted = query.limit + 1; // one more than a page says whether another page follows
    const rows: PageRow[] = [];
    for (const segment of segments(query)) {
      const statement = this.queries.get(selectPage(c.table, query, segment));
      rows.push(...(statement.all(...segment.params, wanted - rows.length) as PageRow[]));
      if (rows.length >= wanted) break;
    }
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => JSON.parse(row.doc) as T),
      nextCursor:
        rows.length > query.limit && last !== undefined
          ? encodeCursor(collection, query.sort, { value: scalarFromColumn(last.k), id: last.id })
          : null,
    };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const c = this.collection(collection);
    const where = compileConditions(normalizeFilter(c.schema, filter));
    return this.queries.get(selectCount(c.table, where.sql)).pluck().get(...where.params) as number;
  }

  /** The query plan of each keyset segment `find` would run (diagnostics, and tests that check index use). */
  explainFind(collection: string, options?: FindOptions): string[] {
    const c = this.collection(collection);
    const query = normalizeFind(c.schema, options);
    return segments(query).map((segment) => this.explain(selectPage(c.table, query, segment), [...segment.params, query.limit + 1]));
  }

  /** The query plan of `count` with this filter. */
  explainCount(collection: string, filter?: Filter): string {
    const c = this.collection(collection);
    const where = compileConditions(normalizeFilter(c.schema, filter));
    return this.explain(selectCount(c.table, where.sql), where.params);
  }

  async upsert(collection: string, id: string, doc: Document): Promise<void> {
    await this.writeLock.write(() => this.write({ op: 'put', collection, id, doc }));
  }

  async insert(collection: string, id: string, doc: Document): Promise<boolean> {
    const c = this.collection(collection);
    checkId(collection, id);
    const row = this.rowOf(c, id, doc);
    return this.writeLock.write(() => c.insert.run(...row).changes === 1);
  }

  async patch(collection: string, id: string, changes: Document): Promise<void> {
    await this.writeLock.write(() => this.write({ op: 'patch', collection, id, changes }));
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.writeLock.write(() => this.write({ op: 'delete', collection, id }));
  }

  async commit(unit: UnitOfWork): Promise<void> {
    await this.writeLock.write(() => this.commitTransaction(unit));
    if (unit.checkpoint !== undefined) this.checkpointWatch.committed();
  }

  async tryLease(lease: Lease, ttlMs: number): Promise<boolean> {
    return this.writeLock.write(() => {
      const now = Date.now();
      return this.takeLease.run(lease.name, lease.holder, now + ttlMs, now).changes === 1;
    });
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.writeLock.write(() => this.dropLease.run(lease.name, lease.holder));
  }

  watchCheckpoints(listener: () => void): () => void {
    return this.checkpointWatch.add(listener);
  }

  async getCheckpoint(name: string): Promise<bigint | null> {
    checkCheckpointName(name);
    return (this.getCheckpointStatement.get(name) as bigint | undefined) ?? null;
  }

  async listCheckpoints(): Promise<Record<string, bigint>> {
    const rows = this.listCheckpointsStatement.all() as { name: string; position: bigint }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.position]));
  }

  async reset(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    const targets = collections.map((name) => this.collection(name));
    checkpointNames.forEach((name) => checkCheckpointName(name));
    this.db
      .transaction(() => {
        for (const c of targets) c.deleteAll.run();
        for (const name of checkpointNames) this.deleteCheckpoint.run(name);
      })
      .immediate();
  }

  async close(): Promise<void> {
    this.checkpointWatch.close();
    if (this.db.open) this.db.close();
  }

  private collection(name: string): Collection {
    const c = this.collections.get(name);
    if (c === undefined) throw new UnknownCollection(name);
    return c;
  }

  /**
   * Brings a collection's table to its definition: a column per indexed
   * field (filled from the documents already there when it is new), an
   * index per declared index; columns and indexes no longer declared go.
   */
  private migrate(schema: CollectionSchema): void {
    const table = tableName(schema.name);
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY NOT NULL, doc TEXT NOT NULL)`);
    const declaredIndexes = new Map(schema.indexes.map((fields) => [indexName(schema.name, fields), fields]));
    const existingIndexes = this.db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND name LIKE 'ix\\_%' ESCAPE '\\'`)
      .pluck()
      .all(`docs_${schema.name}`) as string[];
    for (const name of existingIndexes) {
      if (!declaredIndexes.has(name)) this.db.exec(`DROP INDEX ${quoteIdentifier(name)}`);
    }
    const existingColumns = new Set(
      (this.db.pragma(`table_info(${table})`) as { name: string }[])
        .map((column) => column.name)
        .filter((name) => name.startsWith(FIELD_COLUMN_PREFIX)),
    );
    for (const name of existingColumns) {
      if (!schema.fields.has(name.slice(FIELD_COLUMN_PREFIX.length))) this.db.exec(`ALTER TABLE ${table} DROP COLUMN ${quoteIdentifier(name)}`);
    }
    for (const path of schema.fields) {
      if (existingColumns.has(fieldColumnName(path))) continue;
      this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${fieldColumn(path)}`);
      this.db.exec(`UPDATE ${table} SET ${fieldColumn(path)} = ${columnValueSql(path)}`);
    }
    for (const [name, fields] of declaredIndexes) {
      const columns = [...fields.map(fieldColumn), 'id'].join(', ');
      this.db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(name)} ON ${table} (${columns})`);
    }
  }

  private prepareCollection(schema: CollectionSchema): Collection {
    const table = tableName(schema.name);
    const fields = [...schema.fields].map((path): IndexedField => {
      const [head = path, ...rest] = path.split('.');
      return { path, head, rest, column: fieldColumn(path) };
    });
    const columns = ['id', 'doc', ...fields.map((field) => field.column)];
    const updates = columns.slice(1).map((column) => `${column} = excluded.${column}`);
    const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    return {
      schema,
      table,
      fields,
      get: this.db.prepare(`SELECT doc FROM ${table} WHERE id = ?`).pluck(),
      getMany: this.db.prepare(`SELECT id, doc FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`),
      put: this.db.prepare(`${insert} ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`),
      insert: this.db.prepare(`${insert} ON CONFLICT (id) DO NOTHING`),
      delete: this.db.prepare(`DELETE FROM ${table} WHERE id = ?`),
      deleteAll: this.db.prepare(`DELETE FROM ${table}`),
      patches: new Map(),
    };
  }

  private explain(sql: string, params: SqlValue[]): string {
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join(' | ');
  }

  /** Runs inside the commit transaction: any throw rolls the whole unit back. */
  private applyUnit(unit: UnitOfWork): void {
    if (!isPlainObject(unit) || !Array.isArray(unit.writes)) throw new TypeError('commit takes {writes, checkpoint?}');
    if (unit.lease) {
      const held = this.leaseHolder.get(unit.lease.name) as { holder: string; expiresAt: number } | undefined;
      if (!held || held.holder !== unit.lease.holder) throw new LeaseLost(unit.lease);
    }
    for (const write of unit.writes) this.write(write);
    for (const checkpoint of checkpointList(unit.checkpoint)) {
      checkCheckpoint(checkpoint);
      this.setCheckpoint.run(checkpoint.name, checkpoint.position);
    }
    for (const lease of unit.release ?? []) this.dropLease.run(lease.name, lease.holder);
  }

  private write(write: DocumentWrite): void {
    const c = this.collection(write.collection);
    checkId(write.collection, write.id);
    switch (write.op) {
      case 'put':
        this.put(c, write.id, write.doc);
        return;
      case 'patch':
        this.applyPatch(c, write.id, write.changes);
        return;
      case 'delete':
        c.delete.run(write.id);
        return;
      default: {
        const unknown = write as { collection: string; id: unknown; op: unknown };
        throw new InvalidDocument(unknown.collection, unknown.id, `unknown write op ${JSON.stringify(unknown.op)}`);
      }
    }
  }

  private put(c: Collection, id: string, doc: Document): void {
    c.put.run(...this.rowOf(c, id, doc));
  }

  /** id, doc, then the value of each indexed field. */
  private rowOf(c: Collection, id: string, doc: Document): SqlValue[] {
    checkDocument(c.schema.name, id, doc);
    const row: SqlValue[] = [id, stringify(c.schema.name, id, doc) as string];
    for (const field of c.fields) row.push(columnValue(walk(doc[field.head], field.rest)));
    return row;
  }

  private applyPatch(c: Collection, id: string, changes: Document): void {
    const name = c.schema.name;
    if (!isPlainObject(changes)) throw new InvalidDocument(name, id, 'patch changes must be a plain object');
    const set: string[] = [];
    const removed: string[] = [];
    let columns = '';
    const columnValues: SqlValue[] = [];
    for (const field in changes) {
      checkPatchField(name, id, field);
      const value = changes[field];
      if (value === undefined) {
        removed.push(`$.${field}`);
      } else {
        const json = stringify(name, id, value);
        if (json === undefined) throw new InvalidDocument(name, id, `${field} is not a JSON value`);
        set.push(`$.${field}`, json);
      }
      for (let i = 0; i < c.fields.length; i++) {
        const indexed = c.fields[i]!;
        if (indexed.head !== field) continue;
        columns += `${i},`;
        columnValues.push(columnValue(walk(value, indexed.rest)));
      }
    }
    if (set.length === 0 && removed.length === 0) return;
    const shape = `${set.length / 2}:${removed.length}:${columns}`;
    let statement = c.patches.get(shape);
    if (statement === undefined) {
      let expression = 'doc';
      if (set.length > 0) expression = `json_set(${expression}${', ?, json(?)'.repeat(set.length / 2)})`;
      if (removed.length > 0) expression = `json_remove(${expression}${', ?'.repeat(removed.length)})`;
      const assignments = [`doc = ${expression}`];
      for (const i of columns.split(',').filter(Boolean)) assignments.push(`${c.fields[Number(i)]!.column} = ?`);
      statement = this.db.prepare(`UPDATE ${c.table} SET ${assignments.join(', ')} WHERE id = ?`);
      c.patches.set(shape, statement);
    }
    statement.run(...set, ...removed, ...columnValues, id);
  }
}

const segments = (query: NormalizedFind): SegmentQuery[] =>
  pageSegments(compileConditions(query.conditions), query.sort, query.after);

function selectPage(table: string, query: NormalizedFind, segment: SegmentQuery): string {
  const sortValue = query.sort.field === null ? '' : `, ${fieldColumn(query.sort.field)} AS k`;
  return `SELECT id, doc${sortValue} FROM ${table} WHERE ${segment.sql} ORDER BY ${segment.orderBy} LIMIT ?`;
}

const selectCount = (table: string, where: string): string => `SELECT count(*) FROM ${table} WHERE ${where}`;

/** The value at a path below a top-level value; arrays are not walked into (like json_extract without an index). */
function walk(value: unknown, rest: readonly string[]): unknown {
  let current = value;
  for (const segment of rest) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function stringify(collection: string, id: string, value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InvalidDocument(collection, id, `not JSON: ${(error as Error).message}`);
  }
}

const nonNegativeInteger = (value: number | undefined, fallback: number): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.trunc(value));

/** Prepared statements by SQL text, least recently used dropped first. */
class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly capacity: number,
  ) {
    this.capacity = Math.max(1, capacity);
  }

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.capacity) {
        const oldest = this.statements.keys().next();
        if (!oldest.done) this.statements.delete(oldest.value);
      }
    } else {
      this.statements.delete(sql);
    }
    this.statements.set(sql, statement);
    return statement;
  }
}
