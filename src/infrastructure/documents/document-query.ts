/**
 * What every DocumentStore adapter checks and interprets the same way:
 * collection definitions, filters, sorts, limits, cursors, documents and
 * checkpoints, turned into a plain form an adapter translates to its own
 * query language. Sharing it keeps the adapters' errors and edge cases equal.
 */
import {
  Checkpoint,
  CollectionDefinition,
  DEFAULT_PAGE_LIMIT,
  Document,
  Filter,
  FindOptions,
  InvalidCheckpoint,
  InvalidCollectionDefinition,
  InvalidCursor,
  InvalidDocument,
  InvalidQuery,
  MAX_PAGE_LIMIT,
  Scalar,
  UnindexedField,
} from './document-store';

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,62}$/;
/** Letters, digits and underscores: safe to splice into a SQL JSON path or a MongoDB key, never numeric (array index). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,63}(?:\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$/;
const RESERVED_FIELD = '_id';
const MAX_INDEX_FIELDS = 8;
const MAX_CHECKPOINT_NAME = 200;
const MAX_POSITION = 2n ** 63n - 1n;
const MAX_CURSOR_LENGTH = 4096;
const CURSOR_VERSION = 1;

export type CollectionSchema = {
  name: string;
  /** Each index as its field paths, deduplicated, in declaration order. */
  indexes: readonly (readonly string[])[];
  /** Every path that may be filtered or sorted on. */
  fields: ReadonlySet<string>;
};

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

export type Condition =
  | { path: string; op: 'eq' | 'ne'; value: Scalar | null }
  | { path: string; op: 'in'; values: Scalar[] }
  | { path: string; op: RangeOp; value: string | number };

export type Sort = { field: string | null; descending: boolean };

/** Where the previous page ended: the sort value (null when unsorted or null/missing) and the id. */
export type CursorPosition = { value: Scalar | null; id: string };

export type NormalizedFind = {
  conditions: Condition[];
  sort: Sort;
  limit: number;
  after: CursorPosition | null;
};

export function normalizeDefinitions(definitions: readonly CollectionDefinition[]): CollectionSchema[] {
  if (!Array.isArray(definitions)) throw new InvalidCollectionDefinition('?', 'definitions must be an array');
  const seen = new Set<string>();
  return definitions.map((definition) => {
    const name: unknown = definition?.name;
    if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
      throw new InvalidCollectionDefinition(String(name), 'the name must match ^[a-z][a-z0-9_]{0,62}$');
    }
    if (seen.has(name)) throw new InvalidCollectionDefinition(name, 'declared twice');
    seen.add(name);
    if (!Array.isArray(definition.indexes)) throw new InvalidCollectionDefinition(name, 'indexes must be an array');
    const indexes = new Map<string, readonly string[]>();
    for (const index of definition.indexes) {
      const fields: unknown[] = typeof index === 'string' ? [index] : Array.isArray(index) ? [...index] : [index];
      if (fields.length === 0 || fields.length > MAX_INDEX_FIELDS) {
        throw new InvalidCollectionDefinition(name, `an index has 1 to ${MAX_INDEX_FIELDS} fields`);
      }
      for (const field of fields) {
        if (typeof field !== 'string' || !isFieldPath(field)) {
          throw new InvalidCollectionDefinition(name, `${JSON.stringify(field)} is not a dotted path of [A-Za-z_][A-Za-z0-9_]* names (not _id)`);
        }
      }
      const paths = fields as string[];
      if (new Set(paths).size !== paths.length) throw new InvalidCollectionDefinition(name, `index [${paths.join(', ')}] repeats a field`);
      indexes.set(paths.join('\u0000'), paths);
    }
    const all = [...indexes.values()];
    return { name, indexes: all, fields: new Set(all.flat()) };
  });
}

const isFieldPath = (path: string): boolean => FIELD_PATH.test(path) && path !== RESERVED_FIELD && !path.startsWith(`${RESERVED_FIELD}.`);

export function normalizeFind(schema: CollectionSchema, options: FindOptions | undefined): NormalizedFind {
  if (options !== undefined && !isPlainObject(options)) throw new InvalidQuery(schema.name, 'options must be an object');
  const sort = normalizeSort(schema, options?.sort);
  const cursor = options?.cursor;
  return {
    conditions: normalizeFilter(schema, options?.filter),
    sort,
    limit: resolveLimit(schema.name, options?.limit),
    after: cursor === undefined || cursor === null ? null : decodeCursor(cursor, schema.name, sort),
  };
}

/** Fields and operators whose value is `undefined` are left out, so optional query parameters pass straight through. */
export function normalizeFilter(schema: CollectionSchema, filter: Filter | undefined): Condition[] {
  if (filter === undefined) return [];
  if (!isPlainObject(filter)) throw new InvalidQuery(schema.name, 'the filter must be an object of field paths');
  const conditions: Condition[] = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    checkQueriedField(schema, path);
    if (condition === null || isScalar(condition)) {
      conditions.push({ path, op: 'eq', value: scalarOrNull(schema, path, condition) });
      continue;
    }
    if (!isPlainObject(condition)) {
      throw new InvalidQuery(schema.name, `${path}: expected a string, finite number, boolean, null or an operator object`);
    }
    const operators = Object.entries(condition);
    if (operators.length === 0) throw new InvalidQuery(schema.name, `${path}: empty operator object`);
    for (const [operator, operand] of operators) {
      if (operand === undefined) continue;
      switch (operator) {
        case '$ne':
          conditions.push({ path, op: 'ne', value: scalarOrNull(schema, path, operand) });
          break;
        case '$in':
          if (!Array.isArray(operand)) throw new InvalidQuery(schema.name, `${path}: $in takes an array`);
          conditions.push({ path, op: 'in', values: operand.map((value: unknown) => scalar(schema, path, value)) });
          break;
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte':
          if (!(typeof operand === 'string' || isFiniteNumber(operand))) {
            throw new InvalidQuery(schema.name, `${path}: ${operator} takes a string or a finite number`);
          }
          conditions.push({ path, op: operator.slice(1) as RangeOp, value: operand });
          break;
        default:
          throw new InvalidQuery(schema.name, `${path}: unknown operator ${JSON.stringify(operator)}`);
      }
    }
  }
  return conditions;
}

export function normalizeSort(schema: CollectionSchema, sort: FindOptions['sort']): Sort {
  if (sort === undefined) return { field: null, descending: false };
  if (!isPlainObject(sort)) throw new InvalidQuery(schema.name, 'sort must be {field, direction}');
  const direction = sort.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw new InvalidQuery(schema.name, `sort direction must be 'asc' or 'desc'`);
  checkQueriedField(schema, sort.field);
  return { field: sort.field, descending: direction === 'desc' };
}

export function resolveLimit(collection: string, limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new InvalidQuery(collection, `limit must be a positive integer, got ${String(limit)}`);
  return Math.min(limit, MAX_PAGE_LIMIT);
}

function checkQueriedField(schema: CollectionSchema, path: unknown): asserts path is string {
  if (typeof path === 'string' && schema.fields.has(path)) return;
  if (typeof path !== 'string' || !isFieldPath(path)) {
    throw new InvalidQuery(schema.name, `${JSON.stringify(path)} is not a dotted path of [A-Za-z_][A-Za-z0-9_]* names`);
  }
  throw new UnindexedField(schema.name, path);
}

function scalar(schema: CollectionSchema, path: string, value: unknown): Scalar {
  if (isScalar(value)) return value;
  throw new InvalidQuery(schema.name, `${path}: ${describe(value)} is not a string, finite number or boolean`);
}

function scalarOrNull(schema: CollectionSchema, path: string, value: unknown): Scalar | null {
  return value === null ? null : scalar(schema, path, value);
}

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value);

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

const describe = (value: unknown): string => (typeof value === 'number' ? String(value) : typeof value);

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// --- cursors -------------------------------------------------------------

const sortKey = (sort: Sort): string => `${sort.field ?? ''}:${sort.descending ? 'desc' : 'asc'}`;

/** base64url of JSON [version, collection, sort, value, id]: opaque to callers, checked when it comes back. */
export function encodeCursor(collection: string, sort: Sort, position: CursorPosition): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, collection, sortKey(sort), position.value, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown, collection: string, sort: Sort): CursorPosition {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursor('not a cursor');
  }
  const bytes = Buffer.from(cursor, 'base64url');
  // Node decodes leniently; a cursor we issued is canonical base64url, so anything else was altered.
  if (bytes.toString('base64url') !== cursor) throw new InvalidCursor('not a cursor');
  let payload: unknown;
  try {
    payload = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidCursor('not a cursor');
  }
  if (!Array.isArray(payload) || payload.length !== 5 || payload[0] !== CURSOR_VERSION) throw new InvalidCursor('not a cursor');
  const [, cursorCollection, cursorSort, value, id] = payload as unknown[];
  if (cursorCollection !== collection || cursorSort !== sortKey(sort)) {
    throw new InvalidCursor('it belongs to another collection or sort order');
  }
  if (typeof id !== 'string' || !(value === null || isScalar(value)) || (sort.field === null && value !== null)) {
    throw new InvalidCursor('not a cursor');
  }
  return { value, id };
}

// --- writes --------------------------------------------------------------

export function checkId(collection: string, id: unknown): asserts id is string {
  if (typeof id !== 'string') throw new InvalidDocument(collection, id, 'the id must be a string');
}

/** A document is a plain object without a top-level `_id`. */
export function checkDocument(collection: string, id: string, doc: unknown): asserts doc is Document {
  if (!isPlainObject(doc)) throw new InvalidDocument(collection, id, 'a document must be a plain object');
  if (Object.prototype.hasOwnProperty.call(doc, RESERVED_FIELD)) throw new InvalidDocument(collection, id, '_id is reserved');
}

/** Patch keys are top-level field names, so every adapter can set them without escaping. */
export function checkPatchField(collection: string, id: string, field: string): void {
  if (!FIELD_NAME.test(field) || field === RESERVED_FIELD) {
    throw new InvalidDocument(collection, id, `cannot patch field ${JSON.stringify(field)}: top-level names match [A-Za-z_][A-Za-z0-9_]* (not _id)`);
  }
}

// --- checkpoints ---------------------------------------------------------

export function checkCheckpointName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_CHECKPOINT_NAME) {
    throw new InvalidCheckpoint(`a name is a string of 1 to ${MAX_CHECKPOINT_NAME} characters`);
  }
}

export function checkCheckpoint(checkpoint: Checkpoint): void {
  if (!isPlainObject(checkpoint)) throw new InvalidCheckpoint('expected {name, position}');
  checkCheckpointName(checkpoint.name);
  const { position } = checkpoint;
  if (typeof position !== 'bigint' || position < 0n || position > MAX_POSITION) {
    throw new InvalidCheckpoint(`${checkpoint.name}: the position must be a bigint from 0 to 2^63-1`);
  }
}

export const checkpointList = (checkpoint: Checkpoint | readonly Checkpoint[] | undefined): readonly Checkpoint[] =>
  checkpoint === undefined ? [] : Array.isArray(checkpoint) ? (checkpoint as readonly Checkpoint[]) : [checkpoint as Checkpoint];
