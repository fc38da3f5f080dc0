/**
 * The MongoDB adapter's translations, run against a small reference model of
 * MongoDB's documented semantics (below), since no server runs here:
 * - query predicates: `$eq: null` matches null or missing; equality and
 *   ranges never cross types (type bracketing; all numeric types are one);
 *   `$ne` is the complement of `$eq`; `$in: []` matches nothing;
 * - the sort order: missing and null, numbers, strings (binary), objects,
 *   arrays, booleans (false < true);
 * - the update forms the adapter emits: replace, `$set`/`$unset`, a pipeline
 *   whose `$replaceWith` chooses between a `$literal` and `$$ROOT`, upserts
 *   seeded with the filter's `_id`.
 * The model covers scalars, null, missing and nested objects; arrays (which
 * the port leaves unspecified) are out of it. It checks the adapter's logic
 * (keyset conditions over ties, nulls and mixed types; position guards over
 * redelivery), not the server: the contract suite does that when
 * MONGODB_URL is set.
 */
import { AnyBulkWriteOperation, Long } from 'mongodb';
import { CursorPosition, NormalizedFind, normalizeDefinitions, normalizeFilter, normalizeFind, Sort } from '../../../src/infrastructure/documents/document-query';
import { DocumentWrite, FindOptions, UnitOfWork } from '../../../src/infrastructure/documents/document-store';
import { filterQuery, pageQuery, sortValueOf } from '../../../src/infrastructure/documents/mongo-query';
import { bulkOperations, checkpointOperations, planUnit, StoredDocument } from '../../../src/infrastructure/documents/mongo-writes';

// --- the reference model ---------------------------------------------------

type MongoDoc = { _id: string; [field: string]: unknown };
type Query = Record<string, unknown>;

const isNumber = (value: unknown): value is number | Long => typeof value === 'number' || Long.isLong(value);

/** MongoDB's comparison order of types, for the types the model knows. */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (isNumber(value)) return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) throw new Error('arrays are outside the model');
  if (typeof value === 'object') return 4;
  if (typeof value === 'boolean') return 8;
  throw new Error(`no BSON type for ${String(value)}`);
}

const asBigRational = (value: number | Long): number | bigint => (Long.isLong(value) ? value.toBigInt() : value);

function compareValues(a: unknown, b: unknown): number {
  const byType = typeRank(a) - typeRank(b);
  if (byType !== 0) return Math.sign(byType);
  if (isNumber(a) && isNumber(b)) {
    const x = asBigRational(a);
    const y = asBigRational(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeRank(a) === 1) return 0;
  throw new Error('objects are only sorted by type in the model');
}

/** The value at a dotted path; missing when the path runs into a non-object. */
function resolve(doc: Record<string, unknown>, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const sameBracket = (a: unknown, b: unknown): boolean => a !== undefined && a !== null && typeRank(a) === typeRank(b);

const TYPE_ALIASES: Record<string, (value: unknown) => boolean> = {
  number: isNumber,
  string: (value) => typeof value === 'string',
  bool: (value) => typeof value === 'boolean',
  object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !Long.isLong(value),
};

function operatorHolds(value: unknown, operator: string, operand: unknown): boolean {
  switch (operator) {
    case '$eq':
      return operand === null ? value === undefined || value === null : sameBracket(value, operand) && compareValues(value, operand) === 0;
    case '$ne':
      return !operatorHolds(value, '$eq', operand);
    case '$in':
      return (operand as unknown[]).some((candidate) => operatorHolds(value, '$eq', candidate));
    case '$gt':
      return sameBracket(value, operand) && compareValues(value, operand) > 0;
    case '$gte':
      return sameBracket(value, operand) && compareValues(value, operand) >= 0;
    case '$lt':
      return sameBracket(value, operand) && compareValues(value, operand) < 0;
    case '$lte':
      return sameBracket(value, operand) && compareValues(value, operand) <= 0;
    case '$exists':
      return (value !== undefined) === operand;
    case '$type':
      return (Array.isArray(operand) ? (operand as string[]) : [operand as string]).some((alias) => TYPE_ALIASES[alias]!(value));
    default:
      throw new Error(`operator ${operator} is outside the model`);
  }
}

function matches(doc: Record<string, unknown>, query: Query): boolean {
  return Object.entries(query).every(([key, condition]) => {
    if (key === '$and') return (condition as Query[]).every((part) => matches(doc, part));
    if (key === '$or') return (condition as Query[]).some((part) => matches(doc, part));
    const value = resolve(doc, key);
    const isOperators = typeof condition === 'object' && condition !== null && Object.keys(condition).every((k) => k.startsWith('$'));
    if (!isOperators) return operatorHolds(value, '$eq', condition);
    return Object.entries(condition as Query).every(([operator, operand]) => operatorHolds(value, operator, operand));
  });
}

/** A deep copy that keeps BSON values (Long) what they are, as the server would (structuredClone would not). */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copy) as T;
  if (typeof value !== 'object' || value === null || Long.isLong(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)])) as T;
}

/** The few aggregation expressions the adapter's pipelines use. */
function evaluate(expression: unknown, root: Record<string, unknown>): unknown {
  if (typeof expression === 'string' && expression === '$$ROOT') return root;
  if (typeof expression === 'string' && expression.startsWith('$')) return resolve(root, expression.slice(1));
  if (typeof expression !== 'object' || expression === null || Long.isLong(expression)) return expression;
  const [operator, args] = Object.entries(expression)[0]!;
  switch (operator) {
    case '$literal':
      return copy(args);
    case '$ifNull': {
      const [value, fallback] = args as unknown[];
      const resolved = evaluate(value, root);
      return resolved === undefined || resolved === null ? evaluate(fallback, root) : resolved;
    }
    case '$lt': {
      const [a, b] = args as unknown[];
      return compareValues(evaluate(a, root), evaluate(b, root)) < 0; // aggregation compares across types
    }
    case '$cond': {
      const { if: test, then, else: otherwise } = args as { if: unknown; then: unknown; else: unknown };
      return evaluate(test, root) === true ? evaluate(then, root) : evaluate(otherwise, root);
    }
    default:
      throw new Error(`expression ${operator} is outside the model`);
  }
}

class ModelCollection {
  readonly docs = new Map<string, MongoDoc>();

  bulkWrite(operations: readonly AnyBulkWriteOperation<StoredDocument>[]): void {
    for (const operation of operations) this.apply(operation);
  }

  contents(): Record<string, Record<string, unknown>> {
    return Object.fromEntries([...this.docs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, doc]) => [id, { ...doc }]));
  }

  private apply(operation: AnyBulkWriteOperation<StoredDocument>): void {
    if ('replaceOne' in operation) {
      const { filter, replacement, upsert } = operation.replaceOne;
      const target = this.first(filter as Query);
      if (target) this.docs.set(target._id, { ...copy(replacement), _id: target._id });
      else if (upsert) this.docs.set(String((filter as Query)._id), { ...copy(replacement), _id: String((filter as Query)._id) });
    } else if ('updateOne' in operation) {
      const { filter, update, upsert } = operation.updateOne;
      let target = this.first(filter as Query);
      if (!target && upsert) {
        if (Object.keys(filter).length !== 1) throw new Error('the model seeds upserts from an _id-only filter');
        target = { _id: String((filter as Query)._id) };
      }
      if (!target) return;
      this.docs.set(target._id, Array.isArray(update) ? this.pipeline(target, update) : this.operators(target, update as Query));
    } else if ('deleteOne' in operation) {
      const target = this.first(operation.deleteOne.filter as Query);
      if (target) this.docs.delete(target._id);
    } else {
      throw new Error('operation outside the model');
    }
  }

  private first(filter: Query): MongoDoc | undefined {
    return [...this.docs.values()].find((doc) => matches(doc, filter));
  }

  private pipeline(doc: MongoDoc, stages: Query[]): MongoDoc {
    let current = doc;
    for (const stage of stages) {
      if (!('$replaceWith' in stage)) throw new Error('stage outside the model');
      const replaced = evaluate(stage.$replaceWith, current) as MongoDoc;
      if (replaced._id !== doc._id) throw new Error('the (immutable) field _id was altered');
      current = replaced;
    }
    return current;
  }

  private operators(doc: MongoDoc, update: Query): MongoDoc {
    const next: MongoDoc = copy(doc);
    for (const [field, value] of Object.entries((update.$set ?? {}) as Query)) next[field] = copy(value);
    for (const field of Object.keys((update.$unset ?? {}) as Query)) delete next[field];
    return next;
  }
}

// --- queries ------------------------------------------------------------------

const [items] = normalizeDefinitions([{ name: 'items', indexes: ['status', 'qty', 'flag', 'customer.id', 'score'] }]);
const schema = items!;

describe('MongoDB filters over the reference model', () => {
  // The contract's documents: qty mixes types on purpose.
  const docs: MongoDoc[] = [
    { _id: 'a', status: 'open', qty: 0, flag: true, customer: { id: 'c1' } },
    { _id: 'b', status: 'open', qty: 1, flag: false, customer: { id: 'c2' } },
    { _id: 'c', status: 'closed', qty: 5, flag: true, customer: { id: 'c1' } },
    { _id: 'd', status: 'closed', qty: 10.5, customer: { id: 'c3' } },
    { _id: 'e', status: 'held', qty: '5', flag: null, customer: null },
    { _id: 'f', status: 'open', qty: true, customer: { id: 'c2' } },
    { _id: 'g', status: 'open', qty: null },
    { _id: 'h', status: 'new' },
    { _id: 'i', status: 'Open', qty: -3, flag: false, customer: { id: 'c1' } },
    { _id: 'j', status: 'open', qty: false, flag: 1, customer: { id: 1 } },
  ];

  it.each<[FindOptions['filter'], string[]]>([
    [{ status: 'open' }, ['a', 'b', 'f', 'g', 'j']],
    [{ qty: 5 }, ['c']],
    [{ qty: '5' }, ['e']],
    [{ qty: 1 }, ['b']],
    [{ qty: 0 }, ['a']],
    [{ flag: true }, ['a', 'c']],
    [{ qty: false }, ['j']],
    [{ qty: null }, ['g', 'h']],
    [{ 'customer.id': 'c1' }, ['a', 'c', 'i']],
    [{ 'customer.id': 1 }, ['j']],
    [{ 'customer.id': null }, ['e', 'g', 'h']],
    [{ qty: { $gt: 0 } }, ['b', 'c', 'd']],
    [{ qty: { $gte: 0 } }, ['a', 'b', 'c', 'd']],
    [{ qty: { $lt: 1 } }, ['a', 'i']],
    [{ qty: { $gt: 5, $lte: 10.5 } }, ['d']],
    [{ status: { $gt: 'new' } }, ['a', 'b', 'f', 'g', 'j']],
    [{ status: { $lt: 'new' } }, ['c', 'd', 'e', 'i']],
    [{ qty: { $lt: '9' } }, ['e']],
    [{ qty: { $gte: '' } }, ['e']],
    [{ qty: { $ne: 5 } }, ['a', 'b', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
    [{ flag: { $ne: true } }, ['b', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
    [{ qty: { $ne: null } }, ['a', 'b', 'c', 'd', 'e', 'f', 'i', 'j']],
    [{ qty: { $in: [5, '5', true] } }, ['c', 'e', 'f']],
    [{ qty: { $in: [0, 1] } }, ['a', 'b']],
    [{ qty: { $in: [false] } }, ['j']],
    [{ status: { $in: [] } }, []],
    [{ status: { $in: ['open', 'closed'] }, flag: true }, ['a', 'c']],
  ])('%j matches %j, as the contract expects', (filter, expected) => {
    const query = filterQuery(normalizeFilter(schema, filter));
    expect(docs.filter((doc) => matches(doc, query)).map((doc) => doc._id)).toEqual(expected);
  });
});

describe('MongoDB keyset pages over the reference model visit every document once, in order', () => {
  // Ties, null, missing and every scalar type in the sorted field; ids not in insertion order.
  const values: unknown[] = [undefined, null, -2, 0, 0, 3.5, 10, 10, '', '10', 'a', 'a', 'b', 'Z', 'é', false, true, true];
  const docs: MongoDoc[] = Array.from({ length: 72 }, (_, i) => {
    const doc: MongoDoc = { _id: `d${String((i * 29) % 72).padStart(2, '0')}`, status: i % 3 === 0 ? 'open' : 'closed' };
    const value = values[i % values.length];
    if (value !== undefined) doc.score = value;
    return doc;
  });

  /** What MongoDB answers for a filter and sort, whole. */
  const query = (filter: Query, sort: Sort): MongoDoc[] =>
    docs
      .filter((doc) => matches(doc, filter))
      .sort((x, y) => {
        const byField = sort.field === null ? 0 : compareValues(resolve(x, sort.field), resolve(y, sort.field));
        return (sort.descending ? -1 : 1) * (byField !== 0 ? byField : compareValues(x._id, y._id));
      });

  const walk = (options: FindOptions, limit: number): string[] => {
    const seen: string[] = [];
    let after: CursorPosition | null = null;
    for (let pages = 0; pages < 1000; pages++) {
      const find: NormalizedFind = { ...normalizeFind(schema, { ...options, limit }), after };
      const page = pageQuery(find);
      const found = query(page.filter, find.sort).slice(0, page.limit);
      const items = found.slice(0, limit);
      seen.push(...items.map((doc) => doc._id));
      if (found.length <= limit) return seen;
      const last = items[items.length - 1]!;
      after = { value: find.sort.field === null ? null : sortValueOf('items', last, find.sort.field), id: last._id };
    }
    throw new Error('pagination does not end');
  };

  it.each<[string, FindOptions]>([
    ['by id', {}],
    ['ascending over mixed types', { sort: { field: 'score', direction: 'asc' } }],
    ['descending over mixed types', { sort: { field: 'score', direction: 'desc' } }],
    ['filtered, descending', { filter: { status: 'open' }, sort: { field: 'score', direction: 'desc' } }],
    ['filtered by a range, ascending', { filter: { score: { $gte: 0 } }, sort: { field: 'score', direction: 'asc' } }],
  ])('%s', (_name, options) => {
    const find = normalizeFind(schema, options);
    const expected = query(filterQuery(find.conditions), find.sort).map((doc) => doc._id);
    expect(expected.length).toBeGreaterThan(10);
    for (const limit of [1, 2, 5, 7, 500]) expect(walk(options, limit)).toEqual(expected);
  });

  it('puts null and missing first ascending and last descending, ties by id each way', () => {
    const ascending = query({}, { field: 'score', descending: false }).map((doc) => resolve(doc, 'score') ?? null);
    expect(ascending.slice(0, 8)).toEqual(Array(8).fill(null));
    const descending = query({}, { field: 'score', descending: true });
    expect(descending.slice(-8).every((doc) => (resolve(doc, 'score') ?? null) === null)).toBe(true);
    const nullIds = descending.slice(-8).map((doc) => doc._id);
    expect(nullIds).toEqual([...nullIds].sort().reverse());
  });
});

// --- writes and positions -------------------------------------------------------

describe('MongoDB units of work over the reference model', () => {
  const known = (name: string) => name === 'orders' || name === 'stock';
  let store: Map<string, ModelCollection>;
  let checkpoints: ModelCollection;

  beforeEach(() => {
    store = new Map([
      ['orders', new ModelCollection()],
      ['stock', new ModelCollection()],
    ]);
    checkpoints = new ModelCollection();
  });

  /** What the adapter does without a transaction: each collection's bulkWrite, then the checkpoints; `stopAfter` collections simulate a crash. */
  const commit = (unit: UnitOfWork, stopAfter = Number.POSITIVE_INFINITY): void => {
    const plan = planUnit(unit, known);
    let written = 0;
    for (const [name, changes] of plan.changes) {
      if (written++ >= stopAfter) return;
      store.get(name)!.bulkWrite(bulkOperations(changes, plan.position));
    }
    if (written >= stopAfter) return;
    checkpoints.bulkWrite(checkpointOperations(plan.checkpoints) as AnyBulkWriteOperation<StoredDocument>[]);
  };

  /** Documents as the adapter hands them back: without _id and _pos. */
  const read = (name: string) =>
    Object.fromEntries(
      Object.entries(store.get(name)!.contents()).map(([id, doc]) => {
        const { _id: _ignoredId, _pos: _ignoredPos, ...fields } = doc;
        return [id, fields];
      }),
    );
  const positionOf = (name: string, id: string) => (store.get(name)!.docs.get(id)?._pos as Long | undefined)?.toBigInt();

  const put = (collection: string, id: string, doc: Record<string, unknown>): DocumentWrite => ({ op: 'put', collection, id, doc });
  const unitAt = (position: bigint, ...writes: DocumentWrite[]): UnitOfWork => ({ writes, checkpoint: { name: 'p', position } });

  it('applies a unit whose writes touch one document several times (folded, so the guard sees the document as before)', () => {
    commit({ writes: [put('orders', 'old', { n: 1 }), put('orders', 'gone', { n: 2 })] });
    commit(
      unitAt(
        42n,
        put('orders', 'a', { status: 'new', qty: 1 }),
        { op: 'patch', collection: 'orders', id: 'a', changes: { status: 'open' } },
        { op: 'patch', collection: 'orders', id: 'old', changes: { status: 'patched' } },
        { op: 'delete', collection: 'orders', id: 'gone' },
        put('stock', 'c', { n: 3 }),
        { op: 'delete', collection: 'stock', id: 'c' },
      ),
    );
    expect(read('orders')).toEqual({ a: { status: 'open', qty: 1 }, old: { n: 1, status: 'patched' } });
    expect(read('stock')).toEqual({});
    expect(positionOf('orders', 'a')).toBe(42n);
    expect(positionOf('orders', 'old')).toBe(42n);
  });

  it('changes nothing when a unit is delivered again', () => {
    commit({ writes: [put('orders', 'x', { n: 0 })] });
    const unit = unitAt(10n, put('orders', 'a', { n: 1 }), { op: 'patch', collection: 'orders', id: 'x', changes: { n: 1 } });
    commit(unit);
    const once = read('orders');
    commit(unit);
    expect(read('orders')).toEqual(once);
  });

  it('does not let an older unit arriving late overwrite, patch or delete what a newer one wrote', () => {
    const older = unitAt(
      10n,
      put('orders', 'a', { v: 'old' }),
      { op: 'patch', collection: 'orders', id: 'b', changes: { v: 'old' } },
      { op: 'delete', collection: 'orders', id: 'c' },
    );
    commit(older);
    commit(unitAt(20n, put('orders', 'a', { v: 'new' }), put('orders', 'b', { v: 'new' }), put('orders', 'c', { v: 'new' })));
    commit(older);
    expect(read('orders')).toEqual({ a: { v: 'new' }, b: { v: 'new' }, c: { v: 'new' } });
  });

  it('does not let a delete delivered again after a later put remove the newer document', () => {
    const deleting = unitAt(10n, { op: 'delete', collection: 'orders', id: 'a' });
    commit(deleting);
    commit(unitAt(20n, put('orders', 'a', { v: 'new' })));
    commit(deleting);
    expect(read('orders')).toEqual({ a: { v: 'new' } });
  });

  it('keeps no tombstone: a put delivered again after a later delete brings the document back', () => {
    const putting = unitAt(10n, put('orders', 'a', { v: 'old' }));
    commit(putting);
    commit(unitAt(20n, { op: 'delete', collection: 'orders', id: 'a' }));
    commit(putting);
    expect(read('orders')).toEqual({ a: { v: 'old' } }); // the documented gap; the replay's own later delete removes it again
  });

  it('ends a unit cut short and delivered again as if it had been applied once', () => {
    const unit = unitAt(30n, put('orders', 'a', { n: 1 }), put('stock', 's', { n: 2 }), { op: 'patch', collection: 'orders', id: 'b', changes: { n: 3 } });
    commit(unitAt(5n, put('orders', 'b', { n: 0 })));
    commit(unit, 1); // the orders written, the crash before stock and the checkpoint
    expect(checkpoints.docs.get('p')?.position).toEqual(Long.fromBigInt(5n));
    commit(unit);
    expect(read('orders')).toEqual({ a: { n: 1 }, b: { n: 3 } });
    expect(read('stock')).toEqual({ s: { n: 2 } });
    expect(checkpoints.docs.get('p')?.position).toEqual(Long.fromBigInt(30n));
  });

  it('compares positions beyond 2^53 exactly', () => {
    const base = 2n ** 60n;
    commit(unitAt(base + 2n, put('orders', 'a', { v: 'newer' })));
    commit(unitAt(base + 1n, put('orders', 'a', { v: 'older' })));
    expect(read('orders')).toEqual({ a: { v: 'newer' } });
    commit(unitAt(base + 3n, put('orders', 'a', { v: 'newest' })));
    expect(read('orders')).toEqual({ a: { v: 'newest' } });
  });

  it('writes plainly without a checkpoint, and a plain put forgets the position', () => {
    commit(unitAt(50n, put('orders', 'a', { v: 1 })));
    commit({ writes: [put('orders', 'a', { v: 2 })] });
    expect(read('orders')).toEqual({ a: { v: 2 } });
    expect(positionOf('orders', 'a')).toBeUndefined();
  });

  it('keeps strings that look like field paths as strings', () => {
    commit(unitAt(1n, put('orders', 'a', { note: '$$ROOT', other: '$status' })));
    expect(read('orders')).toEqual({ a: { note: '$$ROOT', other: '$status' } });
  });
});
