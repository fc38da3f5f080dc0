/**
 * Normalized conditions, sorts and cursors (document-query.ts) turned into
 * MongoDB query documents and sort specifications. Pure: no driver calls.
 *
 * The port's value semantics were taken from MongoDB's query language, so
 * most conditions translate one to one:
 * - `{$eq: null}` matches null or missing (and a path through a non-object);
 * - `$gt`/`$gte`/`$lt`/`$lte` use type bracketing: a number operand matches
 *   numbers only (int, long, double alike), a string operand strings only;
 * - `$eq`/`$in` never equate across types (1 is not true, 5 is not "5");
 * - `$ne` is the complement of `$eq`: it matches other types and missing;
 * - `$in: []` matches nothing.
 * No `$type` guard is needed in filters. Strings compare by the server's
 * simple binary comparison (no collation is ever set), which is UTF-8 byte
 * order, i.e. code point order.
 *
 * Keyset pages need more care, because the order a sort produces crosses
 * types while range operators do not: MongoDB sorts missing and null first
 * (they compare equal), then numbers, strings, objects, arrays, booleans
 * (the BSON comparison order). "After (v, id)" is therefore: the ties on v
 * with a greater id, the values of v's type beyond v (type bracketing keeps
 * them within the type), and every value of the types that sort after v's
 * type, selected with `$type`. Descending mirrors it, with null and missing
 * last. Each branch of the `$or` is an index range on (field, _id), which the
 * planner merges in sort order.
 */
import { Condition, CursorPosition, NormalizedFind, Sort } from './document-query';
import { InvalidQuery, Scalar } from './document-store';

export type MongoQuery = Record<string, unknown>;
export type MongoSort = Record<string, 1 | -1>;

export type PageQuery = { filter: MongoQuery; sort: MongoSort; limit: number };

const OPERATOR = { eq: '$eq', ne: '$ne', in: '$in', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/** All conditions must hold: one operator object per path, and `$and` for an operator a path repeats. */
export function filterQuery(conditions: readonly Condition[]): MongoQuery {
  const byPath = new Map<string, Record<string, unknown>>();
  const repeated: MongoQuery[] = [];
  for (const condition of conditions) {
    const operator = OPERATOR[condition.op];
    const operand = condition.op === 'in' ? [...condition.values] : condition.value;
    let operators = byPath.get(condition.path);
    if (operators === undefined) {
      operators = {};
      byPath.set(condition.path, operators);
    }
    if (operator in operators) repeated.push({ [condition.path]: { [operator]: operand } });
    else operators[operator] = operand;
  }
  const query: MongoQuery = {};
  for (const [path, operators] of byPath) query[path] = operators;
  if (repeated.length > 0) query.$and = repeated;
  return query;
}

/** Both must hold; an empty side is left out. */
export function bothOf(left: MongoQuery, right: MongoQuery): MongoQuery {
  if (Object.keys(left).length === 0) return right;
  if (Object.keys(right).length === 0) return left;
  return { $and: [left, right] };
}

export function sortSpec(sort: Sort): MongoSort {
  const direction = sort.descending ? -1 : 1;
  return sort.field === null ? { _id: direction } : { [sort.field]: direction, _id: direction };
}

/** The filter, sort and limit (one more than the page, to tell whether another page follows) of a `find`. */
export function pageQuery(find: NormalizedFind): PageQuery {
  const filter = filterQuery(find.conditions);
  return {
    filter: find.after === null ? filter : bothOf(filter, afterCursor(find.sort, find.after)),
    sort: sortSpec(find.sort),
    limit: find.limit + 1,
  };
}

/** The JSON scalar types a sort value can have, in MongoDB's sort order, with their `$type` aliases. */
const TYPE_ORDER = ['number', 'string', 'object', 'bool'] as const;
type SortedType = (typeof TYPE_ORDER)[number];

const typeOf = (value: Scalar): SortedType =>
  typeof value === 'number' ? 'number' : typeof value === 'string' ? 'string' : 'bool';

/** Documents strictly after `after` in the order of `sort`. */
export function afterCursor(sort: Sort, after: CursorPosition): MongoQuery {
  const { id, value } = after;
  if (sort.field === null) return { _id: { [sort.descending ? '$lt' : '$gt']: id } };
  const field = sort.field;
  const beyondId = { [sort.descending ? '$lt' : '$gt']: id };
  const branches: MongoQuery[] = [{ [field]: { $eq: value }, _id: beyondId }];
  if (value === null) {
    // Null and missing come first ascending (everything else follows) and last descending (nothing does).
    if (!sort.descending) branches.push({ [field]: { $ne: null } });
    return anyOf(branches);
  }
  const rank = TYPE_ORDER.indexOf(typeOf(value));
  if (typeof value === 'boolean') {
    // false < true; `$gt` on booleans is left alone (type bracketing covers it, but an equality is plainer).
    if (!sort.descending && value === false) branches.push({ [field]: { $eq: true } });
    if (sort.descending && value === true) branches.push({ [field]: { $eq: false } });
  } else {
    branches.push({ [field]: { [sort.descending ? '$lt' : '$gt']: value } });
  }
  const laterTypes = sort.descending ? TYPE_ORDER.slice(0, rank) : TYPE_ORDER.slice(rank + 1);
  if (laterTypes.length > 0) branches.push({ [field]: { $type: laterTypes.length === 1 ? laterTypes[0] : [...laterTypes] } });
  if (sort.descending) branches.push({ [field]: { $eq: null } });
  return anyOf(branches);
}

const anyOf = (branches: MongoQuery[]): MongoQuery => (branches.length === 1 ? branches[0]! : { $or: branches });

/**
 * The sort value of a stored document, for the cursor: what MongoDB sorts
 * it by when the value is a scalar, null or missing. An object or array
 * cannot go into a cursor (and an array sorts by its least or greatest
 * element), so a page that would end on one is refused: the port asks sorted
 * fields to hold scalars.
 */
export function sortValueOf(collection: string, doc: Record<string, unknown>, path: string): Scalar | null {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null) return null; // the path ends early: missing
    if (Array.isArray(current)) throw unsortable(collection, doc, path);
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return null;
  if (typeof current === 'string' || typeof current === 'boolean' || (typeof current === 'number' && Number.isFinite(current))) {
    return current;
  }
  throw unsortable(collection, doc, path);
}

const unsortable = (collection: string, doc: Record<string, unknown>, path: string): InvalidQuery =>
  new InvalidQuery(collection, `document ${String(doc._id)} holds an object or array at ${path}, so no page can end on it: sort on fields that hold scalars`);
