import { Long } from 'mongodb';
import { Checkpoint, DocumentWrite, InvalidCheckpoint, InvalidDocument, UnitOfWork, UnknownCollection } from '../../../src/infrastructure/documents/document-store';
import {
  bulkOperations,
  checkpointOperations,
  DocumentChange,
  fold,
  planUnit,
  storedFields,
} from '../../../src/infrastructure/documents/mongo-writes';

const known = (name: string) => name === 'orders' || name === 'stock';
const plan = (writes: DocumentWrite[], checkpoint?: Checkpoint | Checkpoint[]) => planUnit({ writes, checkpoint }, known);
const changesOf = (unit: ReturnType<typeof plan>, collection: string) => Object.fromEntries(unit.changes.get(collection) ?? []);
const pos = (n: bigint) => Long.fromBigInt(n);

describe('MongoDB unit of work: one final change per document', () => {
  it('folds the writes to each document in order, keeping documents in order of first appearance', () => {
    const unit = plan([
      { op: 'put', collection: 'orders', id: 'a', doc: { status: 'new', qty: 1 } },
      { op: 'patch', collection: 'orders', id: 'b', changes: { status: 'paid' } },
      { op: 'patch', collection: 'orders', id: 'a', changes: { status: 'open', qty: undefined } },
      { op: 'put', collection: 'stock', id: 's', doc: { onHand: 1 } },
      { op: 'delete', collection: 'stock', id: 's' },
      { op: 'patch', collection: 'orders', id: 'b', changes: { note: 'x', status: undefined } },
      { op: 'delete', collection: 'orders', id: 'c' },
      { op: 'patch', collection: 'orders', id: 'c', changes: { status: 'ghost' } },
      { op: 'delete', collection: 'orders', id: 'd' },
      { op: 'put', collection: 'orders', id: 'd', doc: { status: 'back' } },
    ]);
    expect([...unit.changes.keys()]).toEqual(['orders', 'stock']);
    expect([...unit.changes.get('orders')!.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect(changesOf(unit, 'orders')).toEqual({
      a: { kind: 'put', doc: { status: 'open' } },
      b: { kind: 'patch', set: { note: 'x' }, unset: ['status'] },
      c: { kind: 'delete' },
      d: { kind: 'put', doc: { status: 'back' } },
    });
    expect(changesOf(unit, 'stock')).toEqual({ s: { kind: 'delete' } });
    expect(unit.position).toBeNull();
  });

  it.each<[string, DocumentChange | undefined, DocumentChange, DocumentChange]>([
    ['nothing, then a patch', undefined, { kind: 'patch', set: { a: 1 }, unset: [] }, { kind: 'patch', set: { a: 1 }, unset: [] }],
    ['a put, then a put', { kind: 'put', doc: { a: 1 } }, { kind: 'put', doc: { b: 2 } }, { kind: 'put', doc: { b: 2 } }],
    ['a patch, then a put', { kind: 'patch', set: { a: 1 }, unset: [] }, { kind: 'put', doc: { b: 2 } }, { kind: 'put', doc: { b: 2 } }],
    ['a patch, then a delete', { kind: 'patch', set: { a: 1 }, unset: [] }, { kind: 'delete' }, { kind: 'delete' }],
    ['a delete, then a patch', { kind: 'delete' }, { kind: 'patch', set: { a: 1 }, unset: [] }, { kind: 'delete' }],
    ['a put, then a patch', { kind: 'put', doc: { a: 1, b: 2 } }, { kind: 'patch', set: { c: 3 }, unset: ['a'] }, { kind: 'put', doc: { b: 2, c: 3 } }],
    [
      'a patch, then a patch that undoes part of it',
      { kind: 'patch', set: { a: 1, b: 2 }, unset: ['c'] },
      { kind: 'patch', set: { c: 3 }, unset: ['a'] },
      { kind: 'patch', set: { b: 2, c: 3 }, unset: ['a'] },
    ],
  ])('folds %s', (_name, previous, next, expected) => {
    expect(fold(previous, next)).toEqual(expected);
  });

  it('keeps a __proto__ field a field when it folds', () => {
    const doc = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const folded = fold({ kind: 'put', doc }, { kind: 'patch', set: JSON.parse('{"__proto__": 2}') as Record<string, unknown>, unset: [] });
    expect(folded.kind === 'put' && Object.getPrototypeOf(folded.doc)).toBe(Object.prototype);
    expect(folded.kind === 'put' && Object.prototype.hasOwnProperty.call(folded.doc, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores documents after a JSON round trip, as the port promises', () => {
    expect(storedFields('orders', 'a', { at: new Date(0), gone: undefined, nan: Number.NaN, list: [undefined, 1] })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      nan: null,
      list: [null, 1],
    });
  });

  it.each<[string, DocumentWrite, new (...args: never[]) => Error]>([
    ['an unknown collection', { op: 'put', collection: 'nope', id: 'a', doc: {} }, UnknownCollection],
    ['a non-string id', { op: 'delete', collection: 'orders', id: 5 as unknown as string }, InvalidDocument],
    ['a document that is not a plain object', { op: 'put', collection: 'orders', id: 'a', doc: [1] as unknown as Record<string, unknown> }, InvalidDocument],
    ['a bigint', { op: 'put', collection: 'orders', id: 'a', doc: { n: 1n } }, InvalidDocument],
    ['_id in a document', { op: 'put', collection: 'orders', id: 'a', doc: { _id: 'x' } }, InvalidDocument],
    ['_pos, where this store keeps positions', { op: 'put', collection: 'orders', id: 'a', doc: { _pos: 1 } }, InvalidDocument],
    ['a top-level $ field, which MongoDB refuses in a replacement', { op: 'put', collection: 'orders', id: 'a', doc: { $x: 1 } }, InvalidDocument],
    ['a patch of _pos', { op: 'patch', collection: 'orders', id: 'a', changes: { _pos: 1 } }, InvalidDocument],
    ['a patch of a nested path', { op: 'patch', collection: 'orders', id: 'a', changes: { 'a.b': 1 } }, InvalidDocument],
    ['a patch value that is not JSON', { op: 'patch', collection: 'orders', id: 'a', changes: { f: () => 1 } }, InvalidDocument],
    ['an unknown op', { op: 'merge', collection: 'orders', id: 'a' } as unknown as DocumentWrite, InvalidDocument],
  ])('refuses %s before writing anything', (_name, write, error) => {
    expect(() => plan([{ op: 'put', collection: 'orders', id: 'ok', doc: {} }, write])).toThrow(error);
  });

  it('keeps nested $ and dotted names, which MongoDB stores', () => {
    expect(storedFields('orders', 'a', { meta: { $ref: 'x', 'a.b': 1 } })).toEqual({ meta: { $ref: 'x', 'a.b': 1 } });
  });

  it('refuses invalid checkpoints, and takes the lowest position of several', () => {
    expect(() => plan([], { name: 'p', position: -1n })).toThrow(InvalidCheckpoint);
    expect(() => plan([], { name: '', position: 1n })).toThrow(InvalidCheckpoint);
    expect(() => plan([], { name: 'p', position: 5 as unknown as bigint })).toThrow(InvalidCheckpoint);
    const unit = plan([], [
      { name: 'orders', position: 2n ** 60n + 7n },
      { name: 'stock', position: 9n },
    ]);
    expect(unit.position).toBe(9n);
    expect(() => planUnit({ writes: 'x' } as unknown as UnitOfWork, known)).toThrow(TypeError);
  });
});

describe('MongoDB unit of work: bulk operations', () => {
  const unit = plan(
    [
      { op: 'put', collection: 'orders', id: 'a', doc: { status: 'open', note: '$not-a-path' } },
      { op: 'patch', collection: 'orders', id: 'b', changes: { status: 'paid', note: undefined } },
      { op: 'patch', collection: 'orders', id: 'e', changes: { note: undefined } },
      { op: 'patch', collection: 'orders', id: 'f', changes: {} },
      { op: 'delete', collection: 'orders', id: 'c' },
    ],
    { name: 'orders', position: 42n },
  );

  it('guards every write with the unit position when the unit has a checkpoint', () => {
    const guard = { $or: [{ _pos: { $exists: false } }, { _pos: { $lt: pos(42n) } }] };
    expect(bulkOperations(unit.changes.get('orders')!, unit.position)).toEqual([
      {
        updateOne: {
          filter: { _id: 'a' },
          update: [
            {
              $replaceWith: {
                $cond: {
                  if: { $lt: [{ $ifNull: ['$_pos', -1] }, pos(42n)] },
                  then: { $literal: { _id: 'a', status: 'open', note: '$not-a-path', _pos: pos(42n) } },
                  else: '$$ROOT',
                },
              },
            },
          ],
          upsert: true,
        },
      },
      { updateOne: { filter: { _id: 'b', ...guard }, update: { $set: { status: 'paid', _pos: pos(42n) }, $unset: { note: '' } } } },
      { updateOne: { filter: { _id: 'e', ...guard }, update: { $set: { _pos: pos(42n) }, $unset: { note: '' } } } },
      { deleteOne: { filter: { _id: 'c', ...guard } } },
    ]);
  });

  it('writes plainly without a checkpoint: replace, $set/$unset, delete', () => {
    expect(bulkOperations(unit.changes.get('orders')!, null)).toEqual([
      { replaceOne: { filter: { _id: 'a' }, replacement: { status: 'open', note: '$not-a-path' }, upsert: true } },
      { updateOne: { filter: { _id: 'b' }, update: { $set: { status: 'paid' }, $unset: { note: '' } } } },
      { updateOne: { filter: { _id: 'e' }, update: { $unset: { note: '' } } } },
      { deleteOne: { filter: { _id: 'c' } } },
    ]);
  });

  it('stores each checkpoint as an int64 under its name', () => {
    expect(checkpointOperations(unit.checkpoints)).toEqual([
      { replaceOne: { filter: { _id: 'orders' }, replacement: { position: pos(42n) }, upsert: true } },
    ]);
  });
});
