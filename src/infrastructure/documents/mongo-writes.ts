/**
 * A unit of work turned into MongoDB bulk write operations, one list per
 * collection, plus the checkpoint writes. Pure: everything is checked and
 * translated here before the adapter writes anything, so a unit refused for
 * a bad document, patch, op, collection or checkpoint leaves no trace even
 * without a transaction.
 *
 * Idempotency by position. When a unit carries checkpoints, every document
 * it writes records `_pos`, the unit's position (an int64, see
 * mongo-positions.ts), and every write is conditional on the stored `_pos`
 * being lower or absent. A unit delivered again (at-least-once delivery)
 * then changes nothing, and neither does an older unit arriving after a
 * newer one: exactly-once effect per document, with or without a
 * transaction around the unit.
 *
 * - The writes of a unit are first folded into one final change per
 *   document (put then patch is a put of the patched document, anything
 *   then delete is a delete, ...). The guard must compare against the
 *   document as it was before the unit, which a second guarded write to the
 *   same document would not: the first one already set `_pos` to the unit's
 *   position. Folding also means the order of the operations inside one
 *   bulkWrite no longer matters.
 * - A put is an upsert on `{_id}` alone, with an aggregation-pipeline update
 *   that replaces the document only if its `_pos` is lower or absent, and
 *   keeps it (`$$ROOT`) otherwise. Putting the guard in the filter instead
 *   (`{_id, $or: [...]}` + upsert) makes MongoDB try to insert a second
 *   document with the same `_id` when the stored one is newer: a
 *   duplicate-key error that would have to be read as "already applied",
 *   stops an ordered bulkWrite at that operation, and aborts a transaction.
 *   The pipeline form never fails that way. The document goes in as
 *   `$literal`, so its strings starting with `$` stay strings.
 * - A patch and a delete never insert, so their guard sits in the filter:
 *   a document with a newer `_pos` does not match and is left alone.
 * - Deletes leave no tombstone: a delete redelivered after a later put does
 *   not match the newer document (its `_pos` is higher), but a put
 *   redelivered after a later delete finds no document and inserts it again.
 *   The projection runner never redelivers across a committed checkpoint, so
 *   that needs a partially applied unit (no transaction) followed by a
 *   re-batched replay, and the replay's later delete removes it again.
 *   Tombstones would close that gap at the price of a filter on every read
 *   and index, and a sweeper.
 * - With several checkpoints at different positions, the lowest is the
 *   unit's position: documents do not say which projection they belong to,
 *   and the lowest never makes a later unit's write look stale.
 *
 * Without checkpoints, writes are plain: replace, `$set`/`$unset`, delete,
 * and a replaced document no longer records a position.
 */
import type { AnyBulkWriteOperation, Long } from 'mongodb';
import { checkCheckpoint, checkDocument, checkId, checkPatchField, checkpointList, isPlainObject } from './document-query';
import { Checkpoint, Document, DocumentWrite, InvalidDocument, UnitOfWork, UnknownCollection } from './document-store';
import { encodePosition } from './mongo-positions';

/** The field in which a stored document records the position of the unit that last wrote it. */
export const POSITION_FIELD = '_pos';

export type StoredDocument = { _id: string; [field: string]: unknown };

/** The final change of one document in a unit. */
export type DocumentChange =
  | { kind: 'put'; doc: Document }
  | { kind: 'patch'; set: Document; unset: readonly string[] }
  | { kind: 'delete' };

export type WritePlan = {
  /** Collection -> id -> its final change, each in order of first appearance. */
  changes: Map<string, Map<string, DocumentChange>>;
  checkpoints: readonly Checkpoint[];
  /** The position every written document records: the lowest checkpoint's, or null without checkpoints. */
  position: bigint | null;
};

/** Checks the whole unit and folds its writes; throws (a DocumentStoreError) before anything is written. */
export function planUnit(unit: UnitOfWork, isKnownCollection: (name: string) => boolean): WritePlan {
  if (!isPlainObject(unit) || !Array.isArray(unit.writes)) throw new TypeError('commit takes {writes, checkpoint?, lease?}');
  const changes = new Map<string, Map<string, DocumentChange>>();
  for (const write of unit.writes as readonly DocumentWrite[]) {
    if (!isKnownCollection(write.collection)) throw new UnknownCollection(write.collection);
    checkId(write.collection, write.id);
    const change = changeOf(write);
    let byId = changes.get(write.collection);
    if (byId === undefined) {
      byId = new Map();
      changes.set(write.collection, byId);
    }
    byId.set(write.id, fold(byId.get(write.id), change));
  }
  const checkpoints = checkpointList(unit.checkpoint);
  checkpoints.forEach(checkCheckpoint);
  let position: bigint | null = null;
  for (const checkpoint of checkpoints) if (position === null || checkpoint.position < position) position = checkpoint.position;
  return { changes, checkpoints, position };
}

function changeOf(write: DocumentWrite): DocumentChange {
  switch (write.op) {
    case 'put':
      return { kind: 'put', doc: storedFields(write.collection, write.id, write.doc) };
    case 'patch':
      return patchOf(write.collection, write.id, write.changes);
    case 'delete':
      return { kind: 'delete' };
    default: {
      const unknown = write as { collection: string; id: unknown; op: unknown };
      throw new InvalidDocument(unknown.collection, unknown.id, `unknown write op ${JSON.stringify(unknown.op)}`);
    }
  }
}

/** `next` applied after `previous`, as one change. */
export function fold(previous: DocumentChange | undefined, next: DocumentChange): DocumentChange {
  if (previous === undefined || next.kind !== 'patch') return next;
  switch (previous.kind) {
    case 'delete':
      return previous; // patching a missing document changes nothing
    case 'put':
      return { kind: 'put', doc: patched(previous.doc, next) };
    case 'patch': {
      const set: Document = { ...previous.set };
      const unset = new Set(previous.unset);
      for (const field of next.unset) {
        delete set[field];
        unset.add(field);
      }
      for (const [field, value] of Object.entries(next.set)) {
        unset.delete(field);
        setOwn(set, field, value);
      }
      return { kind: 'patch', set, unset: [...unset] };
    }
  }
}

function patched(doc: Document, patch: { set: Document; unset: readonly string[] }): Document {
  const result: Document = { ...doc };
  for (const field of patch.unset) delete result[field];
  for (const [field, value] of Object.entries(patch.set)) setOwn(result, field, value);
  return result;
}

/** Assigns without `__proto__` (a valid field name) reaching the prototype setter. */
function setOwn(target: Document, field: string, value: unknown): void {
  Object.defineProperty(target, field, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The document as stored (without `_id`): checked, then through a JSON round
 * trip, which is what the port promises callers get back (undefined fields
 * dropped, Dates as ISO strings, NaN as null, bigints refused).
 */
export function storedFields(collection: string, id: string, doc: unknown): Document {
  checkDocument(collection, id, doc);
  const json = toJson(collection, id, doc) as Document;
  for (const field of Object.keys(json)) checkStoredField(collection, id, field);
  return json;
}

/** A patch as fields to set (JSON values) and fields to remove. */
export function patchOf(collection: string, id: string, changes: unknown): DocumentChange & { kind: 'patch' } {
  if (!isPlainObject(changes)) throw new InvalidDocument(collection, id, 'patch changes must be a plain object');
  const set: Document = {};
  const unset: string[] = [];
  for (const field of Object.keys(changes)) {
    checkPatchField(collection, id, field);
    checkStoredField(collection, id, field);
    const value = changes[field];
    if (value === undefined) unset.push(field);
    else {
      const json = toJson(collection, id, value);
      if (json === undefined) throw new InvalidDocument(collection, id, `${field} is not a JSON value`);
      setOwn(set, field, json);
    }
  }
  return { kind: 'patch', set, unset };
}

/**
 * Top-level names this adapter cannot store as given: `_pos` is where it
 * records positions, and MongoDB refuses `$`-prefixed top-level fields in a
 * replacement document.
 */
function checkStoredField(collection: string, id: string, field: string): void {
  if (field === POSITION_FIELD) throw new InvalidDocument(collection, id, `${POSITION_FIELD} is reserved by the MongoDB document store`);
  if (field.startsWith('$')) throw new InvalidDocument(collection, id, `top-level field names cannot start with $ (${JSON.stringify(field)})`);
}

function toJson(collection: string, id: string, value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new InvalidDocument(collection, id, `not JSON: ${(error as Error).message}`);
  }
  return text === undefined ? undefined : JSON.parse(text);
}

// --- bulk operations ------------------------------------------------------

/** The stored `_pos` is absent or lower than `position`: the unit has not been applied to this document. */
export const notYetApplied = (position: Long) => ({
  $or: [{ [POSITION_FIELD]: { $exists: false } }, { [POSITION_FIELD]: { $lt: position } }],
});

/** The same test as an aggregation expression, for the pipeline of a put (null or missing count as -1). */
export const notYetAppliedExpression = (position: Long) => ({ $lt: [{ $ifNull: [`$${POSITION_FIELD}`, -1] }, position] });

/** One operation per changed document (an empty patch has none), in order. */
export function bulkOperations(changes: ReadonlyMap<string, DocumentChange>, position: bigint | null): AnyBulkWriteOperation<StoredDocument>[] {
  const pos = position === null ? null : encodePosition(position);
  const operations: AnyBulkWriteOperation<StoredDocument>[] = [];
  for (const [id, change] of changes) {
    const operation = bulkOperation(id, change, pos);
    if (operation !== null) operations.push(operation);
  }
  return operations;
}

export function bulkOperation(id: string, change: DocumentChange, pos: Long | null): AnyBulkWriteOperation<StoredDocument> | null {
  switch (change.kind) {
    case 'put':
      if (pos === null) return { replaceOne: { filter: { _id: id }, replacement: change.doc, upsert: true } };
      return {
        updateOne: {
          filter: { _id: id },
          update: [
            {
              $replaceWith: {
                $cond: {
                  if: notYetAppliedExpression(pos),
                  then: { $literal: { _id: id, ...change.doc, [POSITION_FIELD]: pos } },
                  else: '$$ROOT',
                },
              },
            },
          ],
          upsert: true,
        },
      };
    case 'patch': {
      if (Object.keys(change.set).length === 0 && change.unset.length === 0) return null;
      const update: Record<string, Document> = {};
      const set: Document = { ...change.set };
      if (pos !== null) set[POSITION_FIELD] = pos;
      if (Object.keys(set).length > 0) update.$set = set;
      if (change.unset.length > 0) update.$unset = Object.fromEntries(change.unset.map((field) => [field, '']));
      return { updateOne: { filter: guarded(id, pos), update } };
    }
    case 'delete':
      return { deleteOne: { filter: guarded(id, pos) } };
  }
}

const guarded = (id: string, pos: Long | null) => (pos === null ? { _id: id } : { _id: id, ...notYetApplied(pos) });

/** Checkpoints as `{_id: name, position}`, written after the documents. */
export type StoredCheckpoint = { _id: string; position: Long };

export function checkpointOperations(checkpoints: readonly Checkpoint[]): AnyBulkWriteOperation<StoredCheckpoint>[] {
  return checkpoints.map((checkpoint) => ({
    replaceOne: { filter: { _id: checkpoint.name }, replacement: { position: encodePosition(checkpoint.position) }, upsert: true },
  }));
}
