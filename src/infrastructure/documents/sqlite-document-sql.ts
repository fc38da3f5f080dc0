/**
 * SQL for the SQLite DocumentStore: how indexed fields are stored, and
 * normalized conditions, sorts and cursors turned into WHERE / ORDER BY text
 * plus parameters.
 *
 * Every declared index path has its own column, `"$.<path>"`, written by the
 * adapter beside the JSON document, and indexes are built on those columns.
 * (Expression indexes on json_extract(doc, ...) were measured at about half
 * the write rate: SQLite re-evaluates and rewrites every expression index on
 * every change of `doc`, while a column is only touched when a write changes
 * that field.) Column values keep JSON types apart, so no query needs a type
 * guard: strings are TEXT, numbers REAL or INTEGER, booleans the BLOBs x'00'
 * and x'01', and null, missing, objects and arrays are NULL. SQLite orders
 * NULL < numbers < TEXT < BLOB, which is MongoDB's order for those types.
 *
 * Paths and collection names were validated (letters, digits, `_`, `.`)
 * before they reach here: they are the only text spliced into SQL.
 */
import { Condition, CursorPosition, Sort } from './document-query';
import { Scalar } from './document-store';

export type SqlValue = string | number | Buffer | null;
export type SqlFragment = { sql: string; params: SqlValue[] };
/** One keyset segment of a page: rows matching `sql`, in `orderBy` order. */
export type SegmentQuery = SqlFragment & { orderBy: string };

export const tableName = (collection: string): string => `"docs_${collection}"`;
export const CHECKPOINT_TABLE = '"document_checkpoints"';
export const LEASE_TABLE = '"document_leases"';
export const FIELD_COLUMN_PREFIX = '$.';
export const fieldColumnName = (path: string): string => `${FIELD_COLUMN_PREFIX}${path}`;
export const fieldColumn = (path: string): string => `"${fieldColumnName(path)}"`;
/** Quoted identifiers may hold dots and parentheses: the name says what the index covers. */
export const indexName = (collection: string, fields: readonly string[]): string => `ix_${collection}(${fields.join(',')})`;
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const FALSE = Buffer.from([0]);
const TRUE = Buffer.from([1]);

/** The column value of a field, from the JSON value at its path. */
export function columnValue(value: unknown): SqlValue {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null; // JSON.stringify stores NaN and Infinity as null
    case 'boolean':
      return value ? TRUE : FALSE;
    default:
      return null;
  }
}

/** The same mapping in SQL, to fill a column added to a collection that already holds documents. */
export function columnValueSql(path: string): string {
  const jsonPath = `'$.${path}'`;
  return (
    `CASE json_type(doc, ${jsonPath}) WHEN 'true' THEN x'01' WHEN 'false' THEN x'00' ` +
    `WHEN 'text' THEN json_extract(doc, ${jsonPath}) WHEN 'integer' THEN json_extract(doc, ${jsonPath}) ` +
    `WHEN 'real' THEN json_extract(doc, ${jsonPath}) ELSE NULL END`
  );
}

/** A column value read back (a sort value for a cursor) as the JSON scalar it came from. */
export function scalarFromColumn(value: unknown): Scalar | null {
  if (Buffer.isBuffer(value)) return value[0] === 1;
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/**
 * Where one type's values end in the column order: `< ''` keeps numbers
 * from text, `>= ''` and `< x''` keep text between numbers and blobs (x''
 * and '' are the least text and blob). `>= -9e999` (minus infinity) is "not
 * null" as a range an index can seek.
 */
const LEAST_TEXT = "''";
const LEAST_BLOB = "x''";
const NOT_NULL = '>= -9e999';

export function compileConditions(conditions: readonly Condition[]): SqlFragment {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const condition of conditions) {
    const c = fieldColumn(condition.path);
    switch (condition.op) {
      case 'eq':
        if (condition.value === null) {
          parts.push(`${c} IS NULL`);
        } else {
          parts.push(`${c} = ?`);
          params.push(columnValue(condition.value));
        }
        break;
      case 'ne':
        if (condition.value === null) {
          parts.push(`${c} IS NOT NULL`);
        } else {
          parts.push(`${c} IS NOT ?`);
          params.push(columnValue(condition.value));
        }
        break;
      case 'in': {
        // Strings and numbers go in one bound JSON array read with json_each
        // (TEXT and REAL values, so no type mixes): the SQL text does not
        // depend on the list's length, so one cached statement serves all.
        const others: Scalar[] = [];
        const booleans = new Set<boolean>();
        for (const value of condition.values) {
          if (typeof value === 'boolean') booleans.add(value);
          else others.push(value);
        }
        const alternatives: string[] = [];
        if (others.length > 0) {
          alternatives.push(`${c} IN (SELECT value FROM json_each(?))`);
          params.push(JSON.stringify(others));
        }
        for (const value of booleans) {
          alternatives.push(`${c} = ?`);
          params.push(columnValue(value));
        }
        parts.push(alternatives.length === 0 ? '0' : alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`);
        break;
      }
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte': {
        const operator = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[condition.op];
        const upward = condition.op === 'gt' || condition.op === 'gte';
        parts.push(`${c} ${operator} ?`);
        params.push(condition.value);
        if (typeof condition.value === 'string') parts.push(upward ? `${c} < ${LEAST_BLOB}` : `${c} >= ${LEAST_TEXT}`);
        else if (upward) parts.push(`${c} < ${LEAST_TEXT}`); // below: NULL never compares, so numbers only
        break;
      }
    }
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), params };
}

/**
 * The keyset segments of one page, read in turn until the page is full.
 * A single `(field, id) > (?, ?)` would be simpler, but SQLite scans instead
 * of seeking on it, and nulls (first ascending, last descending) need their
 * own range; each segment here is one index seek read in index order.
 */
export function pageSegments(filter: SqlFragment, sort: Sort, after: CursorPosition | null): SegmentQuery[] {
  const direction = sort.descending ? 'DESC' : 'ASC';
  const where = (extra: string, ...params: SqlValue[]): SqlFragment => ({
    sql: filter.sql === '1' ? extra : `${filter.sql} AND ${extra}`,
    params: [...filter.params, ...params],
  });
  const byId = `id ${direction}`;
  if (sort.field === null) {
    if (after === null) return [{ ...filter, orderBy: byId }];
    return [{ ...where(sort.descending ? 'id < ?' : 'id > ?', after.id), orderBy: byId }];
  }
  const c = fieldColumn(sort.field);
  const byField = `${c} ${direction}, id ${direction}`;
  if (after === null) return [{ ...filter, orderBy: byField }];
  const { id } = after;
  if (after.value === null) {
    return sort.descending
      ? [{ ...where(`${c} IS NULL AND id < ?`, id), orderBy: byId }]
      : [
          { ...where(`${c} IS NULL AND id > ?`, id), orderBy: byId },
          { ...where(`${c} ${NOT_NULL}`), orderBy: byField },
        ];
  }
  const value = columnValue(after.value);
  return sort.descending
    ? [
        { ...where(`${c} = ? AND id < ?`, value, id), orderBy: byId },
        { ...where(`${c} < ?`, value), orderBy: byField },
        { ...where(`${c} IS NULL`), orderBy: byId },
      ]
    : [
        { ...where(`${c} = ? AND id > ?`, value, id), orderBy: byId },
        { ...where(`${c} > ?`, value), orderBy: byField },
      ];
}
