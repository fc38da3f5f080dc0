/**
 * The MongoDB DocumentStore: a MongoDB collection per declared collection
 * (`docs_<name>`, see mongo-collections.ts), each document stored as
 * `{_id: id, ...doc}` and handed back without `_id`; an index per declared
 * index (its fields, then `_id`); checkpoints as int64 in `checkpoints`,
 * leases in `leases`.
 *
 * A unit of work is one ordered bulkWrite per collection, then the
 * checkpoints. On a replica set or a sharded cluster (told by `hello`) the
 * whole unit runs in one transaction, as atomic as SQLite's. On a
 * standalone server it cannot be: the documents are written first and the
 * checkpoints last, and every document records the position of the unit
 * that wrote it, each write applying only over an older position (see
 * mongo-writes.ts), so a unit that failed half way and is delivered again
 * ends as if applied once. A replay is not always the same unit, though: the
 * projection runner recomputes documents from what the store holds, so after
 * a half-applied unit it can add the same events to a document twice, in a
 * unit at a later position that the guard lets through. Run projections on
 * a replica set (a single-node one is enough) for exactly-once effect.
 *
 * Queries are translated in mongo-query.ts, checked first by the same
 * document-query.ts as every adapter, so errors and edge cases match.
 */
import {
  ClientSession,
  Collection,
  Db,
  MongoClient,
  MongoClientOptions,
  MongoServerError,
  TransactionOptions,
  WriteConcern,
} from 'mongodb';
import {
  CollectionDefinition,
  Document,
  DocumentStore,
  Filter,
  FindOptions,
  Lease,
  LeaseLost,
  Page,
  UnitOfWork,
  UnknownCollection,
} from './document-store';
import {
  checkCheckpointName,
  checkId,
  CollectionSchema,
  encodeCursor,
  normalizeDefinitions,
  normalizeFilter,
  normalizeFind,
} from './document-query';
import { CHECKPOINTS, collectionName, databaseInUrl, DEFAULT_DATABASE, ensureIndexes, LEASES, tolerateConcurrentDdl } from './mongo-collections';
import { decodePosition } from './mongo-positions';
import { filterQuery, pageQuery, sortValueOf } from './mongo-query';
import { bulkOperations, checkpointOperations, planUnit, POSITION_FIELD, StoredCheckpoint, StoredDocument, storedFields, WritePlan } from './mongo-writes';

type StoredLease = { _id: string; holder: string; expiresAt: Date; fence?: number };

type KnownCollection = { schema: CollectionSchema; collection: Collection<StoredDocument> };

export type MongoDocumentStoreOptions = {
  /** Default: the database named in the URL, else `oms`. */
  dbName?: string;
  /**
   * 'auto' (default): units of work and resets run in transactions when the
   * server supports them (replica set member or mongos). 'never': position
   * guards only, as on a standalone server.
   */
  transactions?: 'auto' | 'never';
  /**
   * Most events one unit of work should carry (ProjectionRunner reads it):
   * a transaction must commit within the server's 60 s limit and fit its
   * cache, so catch-ups commit in steps this size. Default 1000.
   */
  eventsPerTransaction?: number;
  /** How long a majority write may wait for the other members before it fails instead of hanging. Default 10 s. */
  majorityWriteTimeoutMs?: number;
  client?: MongoClientOptions;
};

/** What a read leaves out: the position bookkeeping. `_id` is removed after the read (find needs it for cursors). */
const READ_PROJECTION = { [POSITION_FIELD]: 0 };

/** Snapshot reads and majority writes (bounded: a member down must not hang the commit): one state of the data, committed durably. */
const transactionOptions = (majorityWriteTimeoutMs: number): TransactionOptions => ({
  readConcern: { level: 'snapshot' },
  writeConcern: new WriteConcern('majority', majorityWriteTimeoutMs),
});

const DUPLICATE_KEY = 11000;

export class MongoDocumentStore implements DocumentStore {
  private readonly collections = new Map<string, KnownCollection>();
  private readonly checkpoints: Collection<StoredCheckpoint>;
  private readonly leases: Collection<StoredLease>;

  static async open(url: string, options: MongoDocumentStoreOptions = {}): Promise<MongoDocumentStore> {
    const client = new MongoClient(url, options.client);
    try {
      await client.connect();
      const db = client.db(options.dbName ?? databaseInUrl(url) ?? DEFAULT_DATABASE);
      const hello = await db.command({ hello: 1 });
      const transactional = options.transactions !== 'never' && (typeof hello.setName === 'string' || hello.msg === 'isdbgrid');
      await createMissingCollections(db, [CHECKPOINTS, LEASES]);
      return new MongoDocumentStore(client, db, transactional, options.eventsPerTransaction ?? 1000, transactionOptions(options.majorityWriteTimeoutMs ?? 10_000));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    /** Whether units of work run in transactions. */
    readonly transactional: boolean,
    readonly maxEventsPerUnit: number,
    private readonly transactionOptions: TransactionOptions,
  ) {
    this.checkpoints = db.collection<StoredCheckpoint>(CHECKPOINTS);
    this.leases = db.collection<StoredLease>(LEASES);
  }

  /** Not atomic (MongoDB has no transactional DDL) but idempotent: run it again after a failure. */
  async ensureCollections(definitions: readonly CollectionDefinition[]): Promise<void> {
    const schemas = normalizeDefinitions(definitions);
    await createMissingCollections(this.db, schemas.map((schema) => collectionName(schema.name)));
    const prepared: KnownCollection[] = [];
    for (const schema of schemas) {
      const collection = this.db.collection<StoredDocument>(collectionName(schema.name));
      await ensureIndexes(collection, schema);
      prepared.push({ schema, collection });
    }
    for (const known of prepared) this.collections.set(known.schema.name, known);
  }

  async get<T extends Document = Document>(collection: string, id: string): Promise<T | null> {
    const c = this.collection(collection);
    checkId(collection, id);
    const stored = await c.collection.findOne({ _id: id }, { projection: READ_PROJECTION });
    return stored === null ? null : (withoutId(stored) as T);
  }

  async getMany<T extends Document = Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const c = this.collection(collection);
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    for (const id of ids) checkId(collection, id);
    const stored = await c.collection.find({ _id: { $in: [...new Set(ids)] } }, { projection: READ_PROJECTION }).toArray();
    for (const doc of stored) found.set(doc._id, withoutId(doc) as T);
    return found;
  }

  async find<T extends Document = Document>(collection: string, options?: FindOptions): Promise<Page<T>> {
    const c = this.collection(collection);
    const query = normalizeFind(c.schema, options);
    const { filter, sort, limit } = pageQuery(query);
    const stored = await c.collection.find(filter, { sort, limit, batchSize: limit, projection: READ_PROJECTION }).toArray();
    const page = stored.slice(0, query.limit);
    const last = page[page.length - 1];
    let nextCursor: string | null = null;
    if (stored.length > query.limit && last !== undefined) {
      const value = query.sort.field === null ? null : sortValueOf(collection, last, query.sort.field);
      nextCursor = encodeCursor(collection, query.sort, { value, id: last._id });
    }
    return { items: page.map((doc) => withoutId(doc) as T), nextCursor };
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const c = this.collection(collection);
    return c.collection.countDocuments(filterQuery(normalizeFilter(c.schema, filter)));
  }

  async upsert(collection: string, id: string, doc: Document): Promise<void> {
    await this.commit({ writes: [{ op: 'put', collection, id, doc }] });
  }

  async insert(collection: string, id: string, doc: Document): Promise<boolean> {
    const c = this.collection(collection);
    checkId(collection, id);
    const fields = storedFields(collection, id, doc);
    try {
      await c.collection.insertOne({ _id: id, ...fields });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async patch(collection: string, id: string, changes: Document): Promise<void> {
    await this.commit({ writes: [{ op: 'patch', collection, id, changes }] });
  }

  async delete(collection: string, id: string): Promise<void> {
    await this.commit({ writes: [{ op: 'delete', collection, id }] });
  }

  async commit(unit: UnitOfWork): Promise<void> {
    const plan = planUnit(unit, (name) => this.collections.has(name));
    const batches = this.batchesOf(plan);
    const checkpoints = checkpointOperations(plan.checkpoints);
    const lease = unit.lease;
    const released = unit.release ?? [];
    const writes = batches.reduce((sum, batch) => sum + batch.operations.length, 0) + checkpoints.length + released.length;
    if (writes === 0 && !lease) return;
    const apply = async (session?: ClientSession): Promise<void> => {
      if (lease) await this.checkLease(lease, session);
      for (const { collection, operations } of batches) await collection.bulkWrite(operations, { ordered: true, session });
      if (checkpoints.length > 0) await this.checkpoints.bulkWrite(checkpoints, { ordered: true, session });
      for (const { name, holder } of released) await this.leases.deleteOne({ _id: name, holder }, { session });
    };
    // One write is atomic by itself; a fence needs the transaction to conflict with a takeover.
    if (this.transactional && (writes > 1 || lease)) await this.inTransaction(apply);
    else await apply();
  }

  async tryLease(lease: Lease, ttlMs: number): Promise<boolean> {
    // Decided inside the server, on the server's clock ($$NOW), so processes on different hosts agree on expiry.
    const holder = { $literal: lease.holder };
    const free = {
      $or: [{ $eq: ['$holder', holder] }, { $lt: [{ $ifNull: ['$expiresAt', new Date(0)] }, '$$NOW'] }],
    };
    const take = [
      {
        $set: {
          holder: { $cond: [free, holder, '$holder'] },
          expiresAt: { $cond: [free, { $add: ['$$NOW', ttlMs] }, '$expiresAt'] },
        },
      },
    ];
    for (let attempt = 1; ; attempt++) {
      try {
        const after = await this.leases.findOneAndUpdate({ _id: lease.name }, take, { upsert: true, returnDocument: 'after' });
        return after?.holder === lease.holder;
      } catch (error) {
        // Two first takers upserting at once: one inserts, the other sees the duplicate and tries again as an update.
        if (!isDuplicateKey(error) || attempt >= 3) throw error;
      }
    }
  }

  async releaseLease(lease: Lease): Promise<void> {
    await this.leases.deleteOne({ _id: lease.name, holder: lease.holder });
  }

  async getCheckpoint(name: string): Promise<bigint | null> {
    checkCheckpointName(name);
    const stored = await this.checkpoints.findOne({ _id: name });
    return stored === null ? null : decodePosition(stored.position);
  }

  async listCheckpoints(): Promise<Record<string, bigint>> {
    const stored = await this.checkpoints.find({}).sort({ _id: 1 }).toArray();
    return Object.fromEntries(stored.map((checkpoint) => [checkpoint._id, decodePosition(checkpoint.position)]));
  }

  /**
   * Never in a transaction: emptying read models of millions of documents
   * would outlast the 60 s transaction limit and the cache. Checkpoints go
   * first instead: a reset cut short leaves read models without a checkpoint
   * (to be reset again), never a checkpoint over emptied read models.
   */
  async reset(collections: readonly string[], checkpointNames: readonly string[]): Promise<void> {
    const targets = collections.map((name) => this.collection(name).collection);
    checkpointNames.forEach((name) => checkCheckpointName(name));
    if (checkpointNames.length > 0) await this.checkpoints.deleteMany({ _id: { $in: [...checkpointNames] } });
    for (const collection of targets) await collection.deleteMany({});
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private collection(name: string): KnownCollection {
    const known = this.collections.get(name);
    if (known === undefined) throw new UnknownCollection(name);
    return known;
  }

  private batchesOf(plan: WritePlan) {
    return [...plan.changes]
      .map(([name, changes]) => ({ collection: this.collection(name).collection, operations: bulkOperations(changes, plan.position) }))
      .filter((batch) => batch.operations.length > 0);
  }

  /**
   * In a transaction the fence is a write to the lease document: a takeover
   * committed after this transaction's snapshot then conflicts with it, and
   * the retried transaction finds the new holder. Without a transaction it
   * is a read just before the writes, which a takeover in between escapes.
   */
  private async checkLease(lease: Lease, session: ClientSession | undefined): Promise<void> {
    if (session) {
      const fenced = await this.leases.updateOne({ _id: lease.name, holder: lease.holder }, { $inc: { fence: 1 } }, { session });
      if (fenced.matchedCount === 0) throw new LeaseLost(lease);
      return;
    }
    const held = await this.leases.findOne({ _id: lease.name });
    if (held === null || held.holder !== lease.holder) throw new LeaseLost(lease);
  }

  /** Runs `work` in a transaction; the driver retries it on transient errors and unknown commit results. */
  private inTransaction(work: (session: ClientSession) => Promise<void>): Promise<void> {
    return this.client.withSession((session) => session.withTransaction(work, this.transactionOptions));
  }
}

async function createMissingCollections(db: Db, names: readonly string[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name));
  for (const name of names) {
    if (!existing.has(name)) await tolerateConcurrentDdl(() => db.createCollection(name));
  }
}

function withoutId(stored: StoredDocument): Document {
  const { _id: _ignored, ...doc } = stored;
  return doc;
}

const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === DUPLICATE_KEY;
