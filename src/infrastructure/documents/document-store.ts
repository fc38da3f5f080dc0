/**
 * The DocumentStore port: named collections of JSON documents keyed by a
 * string id, the read models that projections write and queries read.
 *
 * Documents are plain JSON objects: strings, finite numbers, booleans, null,
 * arrays and nested objects. What goes in comes back after a JSON round trip
 * (fields set to `undefined` disappear, a Date becomes its ISO string; a
 * bigint is refused, keep positions in documents as decimal strings). The
 * top-level field `_id` is reserved (the MongoDB adapter keys on it). The id
 * is the key, not part of the document: put it in the document as well when
 * readers need it. The store does not check shapes; `T` is the caller's claim.
 *
 * Queries (filters and sorts) name dotted field paths (`customer.id`). A
 * collection must declare every path it is queried or sorted on in
 * `indexes`; any other path is refused with UnindexedField. Why strict: list
 * endpoints page through whole read models, and an unindexed filter is a
 * silent full scan (a COLLSCAN on MongoDB) that only shows under load; the
 * error shows in the first test and the fix is one line in the definition.
 * For a list to be served by one index (no sort of its matches), declare a
 * compound index of its equality fields then its sort field, e.g.
 * `['status', 'placedAt']` for `{filter: {status}, sort: {field: 'placedAt'}}`.
 *
 * Value semantics, the same in every adapter (they are MongoDB's):
 * - `null` matches a field that is null or missing; `$ne: null` one that is present and not null.
 * - Comparisons never cross JSON types: `{n: 1}` does not match `n: true` or `n: "1"`,
 *   `$gt: 5` matches numbers only, `$lt: "m"` strings only. Strings compare by code point (binary).
 * - `$ne: v` also matches documents where the field is missing or of another type.
 * - `$in: []` matches nothing. Several operators on one field all apply (`{$gte: 1, $lt: 5}`).
 * - A queried or sorted field should hold scalars (or null/missing) of one type across the
 *   collection: the order between types, and matching inside arrays or objects, is unspecified.
 *
 * Order: by the sort field, then by id (both ascending, or both descending);
 * null and missing sort first ascending and last descending. Without a sort,
 * by id ascending. Pages are keyset pages: a cursor says where the previous
 * page ended, so documents written meanwhile neither repeat nor shift pages.
 *
 * A store knows only the collections declared to it with `ensureCollections`
 * since it was opened; anything else is UnknownCollection.
 */
export type Document = Record<string, unknown>;

export type Scalar = string | number | boolean;

/** Dotted field paths; an array is a compound index (equality fields first, then the sort field). */
export type IndexDefinition = string | readonly string[];

export type CollectionDefinition = {
  /** ^[a-z][a-z0-9_]{0,62}$ */
  name: string;
  /** Every path queried or sorted on. The id is appended to every index as the tie-breaker. */
  indexes: readonly IndexDefinition[];
};

export type FieldOperators = {
  $in?: readonly Scalar[];
  $ne?: Scalar | null;
  /** Ranges compare strings with strings and numbers with numbers; booleans have no range. */
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
};

/** Keys are dotted field paths; all conditions must hold. A bare value means equality. */
export type Filter = Readonly<Record<string, Scalar | null | FieldOperators | undefined>>;

export type SortOrder = { field: string; direction?: 'asc' | 'desc' };

export type FindOptions = {
  filter?: Filter;
  /** Default: by id ascending. */
  sort?: SortOrder;
  /** Default 50, capped at 500. */
  limit?: number;
  /** From the previous page's nextCursor, with the same collection and sort. */
  cursor?: string | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type DocumentWrite =
  /** Insert or replace the whole document. */
  | { op: 'put'; collection: string; id: string; doc: Document }
  /**
   * Set top-level fields (a nested object value replaces the old one whole);
   * a field set to `undefined` is removed. No-op when the document is missing.
   */
  | { op: 'patch'; collection: string; id: string; changes: Document }
  /** No-op when the document is missing. */
  | { op: 'delete'; collection: string; id: string };

export type Checkpoint = { name: string; position: bigint };

/** Who may do some work (run a projection, the process manager) at a time, until `ttlMs` after its last renewal. */
export type Lease = { name: string; holder: string };

export type UnitOfWork = {
  /** Applied in order: a later write sees the earlier ones. */
  writes: readonly DocumentWrite[];
  /** Stored with the writes. Several, when one pass over the log feeds several projections. */
  checkpoint?: Checkpoint | readonly Checkpoint[];
  /**
   * A fence: the unit commits only while this lease is held by this holder
   * (else LeaseLost and nothing is written), so a holder that lost its lease
   * during a long pause cannot overwrite its successor's work.
   */
  lease?: Lease;
  /** Leases the unit gives up once its writes are in, in the same commit: one write to the store instead of one more per lease. */
  release?: readonly Lease[];
};

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 500;

export interface DocumentStore {
  /**
   * Optional: the most events a unit of work built from the log should
   * carry, where the store bounds a unit (a MongoDB transaction: 60 s, the
   * cache). Catch-ups commit in steps of at most this many events.
   */
  readonly maxEventsPerUnit?: number;
  /** Creates what is missing (collections, indexes) and drops indexes no longer declared. Idempotent. */
  ensureCollections(definitions: readonly CollectionDefinition[]): Promise<void>;
  get<T extends Document = Document>(collection: string, id: string): Promise<T | null>;
  /** Missing ids are absent from the map. */
  getMany<T extends Document = Document>(collection: string, ids: readonly string[]): Promise<Map<string, T>>;
  find<T extends Document = Document>(collection: string, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter?: Filter): Promise<number>;
  upsert(collection: string, id: string, doc: Document): Promise<void>;
  /** Creates the document only if the id is free, atomically: true if it did (a claim, e.g. an idempotency key). */
  insert(collection: string, id: string, doc: Document): Promise<boolean>;
  patch(collection: string, id: string, changes: Document): Promise<void>;
  delete(collection: string, id: string): Promise<void>;
  /**
   * The unit of work: every write and the checkpoint(s), all or nothing. A
   * unit that fails (e.g. a write to an unknown collection) leaves no trace.
   */
  commit(unit: UnitOfWork): Promise<void>;
  getCheckpoint(name: string): Promise<bigint | null>;
  listCheckpoints(): Promise<Record<string, bigint>>;
  /**
   * For rebuilds: remove these checkpoints and every document of these
   * collections. Checkpoints go first, so a reset cut short (MongoDB does not
   * run one in a transaction: it could outlast the transaction limit) leaves
   * read models without a checkpoint, to be reset again, never a checkpoint
   * over emptied read models. Nothing is removed when a collection is unknown.
   */
  reset(collections: readonly string[], checkpointNames: readonly string[]): Promise<void>;
  /**
   * Takes the lease, or renews it for its holder; false while another holder's
   * lease has not expired. Atomic across processes sharing the store.
   */
  tryLease(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Gives the lease up at once (a clean shutdown), if this holder has it. */
  releaseLease(lease: Lease): Promise<void>;
  /**
   * Optional: calls `listener` soon after any process or thread commits a
   * checkpoint to this store, so readers can wait for positions without
   * polling. Answers a function that stops the calls.
   */
  watchCheckpoints?(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Misuse of the store. `code` is stable; the HTTP layer keys on it (InvalidCursor is a 400). */
export abstract class DocumentStoreError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownCollection extends DocumentStoreError {
  readonly code = 'DOCUMENTS.UNKNOWN_COLLECTION';
  constructor(readonly collection: string) {
    super(`unknown collection ${JSON.stringify(collection)}: declare it with ensureCollections`);
  }
}

export class InvalidCollectionDefinition extends DocumentStoreError {
  readonly code = 'DOCUMENTS.INVALID_DEFINITION';
  constructor(
    readonly collection: string,
    reason: string,
  ) {
    super(`collection ${JSON.stringify(collection)}: ${reason}`);
  }
}

/** A malformed filter, sort or limit. */
export class InvalidQuery extends DocumentStoreError {
  readonly code = 'DOCUMENTS.INVALID_QUERY';
  constructor(
    readonly collection: string,
    reason: string,
  ) {
    super(`query on ${collection}: ${reason}`);
  }
}

/** A filter or sort on a path the collection does not declare in its indexes. */
export class UnindexedField extends DocumentStoreError {
  readonly code = 'DOCUMENTS.UNINDEXED_FIELD';
  constructor(
    readonly collection: string,
    readonly field: string,
  ) {
    super(`collection ${collection} has no index on ${JSON.stringify(field)}: add it to the collection's indexes`);
  }
}

/** The unit named a lease this holder no longer has: someone else took over. */
export class LeaseLost extends DocumentStoreError {
  readonly code = 'DOCUMENTS.LEASE_LOST';
  constructor(readonly lease: Lease) {
    super(`lease ${lease.name} is no longer held by ${lease.holder}`);
  }
}

/** A cursor this store did not hand out for this collection and sort. */
export class InvalidCursor extends DocumentStoreError {
  readonly code = 'DOCUMENTS.INVALID_CURSOR';
  constructor(reason: string) {
    super(`invalid cursor: ${reason}`);
  }
}

export class InvalidDocument extends DocumentStoreError {
  readonly code = 'DOCUMENTS.INVALID_DOCUMENT';
  constructor(
    readonly collection: string,
    readonly id: unknown,
    reason: string,
  ) {
    super(`document ${collection}/${String(id)}: ${reason}`);
  }
}

export class InvalidCheckpoint extends DocumentStoreError {
  readonly code = 'DOCUMENTS.INVALID_CHECKPOINT';
  constructor(reason: string) {
    super(`invalid checkpoint: ${reason}`);
  }
}
