import { CursorPosition, normalizeDefinitions, normalizeFilter, normalizeFind, Sort } from '../../../src/infrastructure/documents/document-query';
import { FindOptions, InvalidQuery } from '../../../src/infrastructure/documents/document-store';
import { afterCursor, filterQuery, pageQuery, sortSpec, sortValueOf } from '../../../src/infrastructure/documents/mongo-query';

const [items] = normalizeDefinitions([{ name: 'items', indexes: ['status', 'qty', 'flag', 'customer.id', 'placedAt', 'score'] }]);
const schema = items!;
const translate = (filter: FindOptions['filter']) => filterQuery(normalizeFilter(schema, filter));

describe('MongoDB filters, translated from the port', () => {
  it.each<[string, FindOptions['filter'], Record<string, unknown>]>([
    ['a bare value as $eq', { status: 'open' }, { status: { $eq: 'open' } }],
    ['a number', { qty: 5 }, { qty: { $eq: 5 } }],
    ['a boolean', { flag: false }, { flag: { $eq: false } }],
    ['null (null or missing, as in MongoDB)', { qty: null }, { qty: { $eq: null } }],
    ['a nested path as a dotted key', { 'customer.id': 'c1' }, { 'customer.id': { $eq: 'c1' } }],
    ['null on a nested path', { 'customer.id': null }, { 'customer.id': { $eq: null } }],
    ['$ne of a value', { qty: { $ne: 5 } }, { qty: { $ne: 5 } }],
    ['$ne null (present and not null)', { qty: { $ne: null } }, { qty: { $ne: null } }],
    ['$in of mixed types', { qty: { $in: [5, '5', true] } }, { qty: { $in: [5, '5', true] } }],
    ['$in empty (matches nothing)', { status: { $in: [] } }, { status: { $in: [] } }],
    ['ranges on one field, in one operator object', { qty: { $gte: 0, $lt: 5 } }, { qty: { $gte: 0, $lt: 5 } }],
    ['$gt and $lte', { score: { $gt: 1.5, $lte: 10 } }, { score: { $gt: 1.5, $lte: 10 } }],
    ['a string range', { placedAt: { $gte: '2024-01', $lt: '2024-02' } }, { placedAt: { $gte: '2024-01', $lt: '2024-02' } }],
    ['several fields', { status: 'open', 'customer.id': 'c2', flag: { $ne: true } }, { status: { $eq: 'open' }, 'customer.id': { $eq: 'c2' }, flag: { $ne: true } }],
    ['undefined conditions left out', { status: undefined, qty: { $gt: 4, $lt: undefined } }, { qty: { $gt: 4 } }],
    ['no conditions', {}, {}],
  ])('translates %s', (_name, filter, expected) => {
    expect(translate(filter)).toEqual(expected);
  });

  it('puts an operator a path repeats under $and rather than overwriting it', () => {
    expect(
      filterQuery([
        { path: 'qty', op: 'gt', value: 1 },
        { path: 'qty', op: 'gt', value: 3 },
      ]),
    ).toEqual({ qty: { $gt: 1 }, $and: [{ qty: { $gt: 3 } }] });
  });

  it('copies $in values, so the query does not share the caller array', () => {
    const values = ['a'];
    const query = filterQuery([{ path: 'status', op: 'in', values }]);
    values.push('b');
    expect(query).toEqual({ status: { $in: ['a'] } });
  });
});

describe('MongoDB sort and keyset pages', () => {
  const asc = (field: string | null): Sort => ({ field, descending: false });
  const desc = (field: string | null): Sort => ({ field, descending: true });
  const after = (value: CursorPosition['value'], id: string): CursorPosition => ({ value, id });

  it('sorts by the field then _id, both the same way, or by _id alone', () => {
    expect(sortSpec(asc('placedAt'))).toEqual({ placedAt: 1, _id: 1 });
    expect(sortSpec(desc('customer.id'))).toEqual({ 'customer.id': -1, _id: -1 });
    expect(sortSpec(asc(null))).toEqual({ _id: 1 });
    expect(Object.keys(sortSpec(desc('score')))).toEqual(['score', '_id']); // the key order is the sort order
  });

  it('continues by id alone when unsorted', () => {
    expect(afterCursor(asc(null), after(null, 'k7'))).toEqual({ _id: { $gt: 'k7' } });
  });

  it('continues ascending after a number: ties by id, greater numbers, then the types sorting after numbers', () => {
    expect(afterCursor(asc('score'), after(3, 'd1'))).toEqual({
      $or: [
        { score: { $eq: 3 }, _id: { $gt: 'd1' } },
        { score: { $gt: 3 } },
        { score: { $type: ['string', 'object', 'bool'] } },
      ],
    });
  });

  it('continues descending after a number: ties by lower id, lower numbers, then null and missing last', () => {
    expect(afterCursor(desc('score'), after(3, 'd1'))).toEqual({
      $or: [{ score: { $eq: 3 }, _id: { $lt: 'd1' } }, { score: { $lt: 3 } }, { score: { $eq: null } }],
    });
  });

  it('continues after a string, each way', () => {
    expect(afterCursor(asc('placedAt'), after('2024-01-02', 'x'))).toEqual({
      $or: [{ placedAt: { $eq: '2024-01-02' }, _id: { $gt: 'x' } }, { placedAt: { $gt: '2024-01-02' } }, { placedAt: { $type: ['object', 'bool'] } }],
    });
    expect(afterCursor(desc('placedAt'), after('2024-01-02', 'x'))).toEqual({
      $or: [
        { placedAt: { $eq: '2024-01-02' }, _id: { $lt: 'x' } },
        { placedAt: { $lt: '2024-01-02' } },
        { placedAt: { $type: 'number' } },
        { placedAt: { $eq: null } },
      ],
    });
  });

  it('continues after null: the rest of the nulls, then everything ascending; only nulls descending', () => {
    expect(afterCursor(asc('score'), after(null, 'd5'))).toEqual({
      $or: [{ score: { $eq: null }, _id: { $gt: 'd5' } }, { score: { $ne: null } }],
    });
    expect(afterCursor(desc('score'), after(null, 'd5'))).toEqual({ score: { $eq: null }, _id: { $lt: 'd5' } });
  });

  it('continues after booleans (false before true, after every other type)', () => {
    expect(afterCursor(asc('flag'), after(false, 'a'))).toEqual({ $or: [{ flag: { $eq: false }, _id: { $gt: 'a' } }, { flag: { $eq: true } }] });
    expect(afterCursor(asc('flag'), after(true, 'a'))).toEqual({ flag: { $eq: true }, _id: { $gt: 'a' } });
    expect(afterCursor(desc('flag'), after(true, 'a'))).toEqual({
      $or: [
        { flag: { $eq: true }, _id: { $lt: 'a' } },
        { flag: { $eq: false } },
        { flag: { $type: ['number', 'string', 'object'] } },
        { flag: { $eq: null } },
      ],
    });
  });

  it('puts the filter and the cursor condition under one $and, and asks for one more than the page', () => {
    const query = normalizeFind(schema, { filter: { status: 'open' }, sort: { field: 'score', direction: 'desc' }, limit: 10 });
    expect(pageQuery({ ...query, after: after(2, 'd9') })).toEqual({
      filter: {
        $and: [
          { status: { $eq: 'open' } },
          { $or: [{ score: { $eq: 2 }, _id: { $lt: 'd9' } }, { score: { $lt: 2 } }, { score: { $eq: null } }] },
        ],
      },
      sort: { score: -1, _id: -1 },
      limit: 11,
    });
    expect(pageQuery(normalizeFind(schema, undefined))).toEqual({ filter: {}, sort: { _id: 1 }, limit: 51 });
  });

  describe('the sort value a cursor carries', () => {
    it('reads scalars, and null for null, missing or a path ending early', () => {
      expect(sortValueOf('items', { _id: 'a', score: 2.5 }, 'score')).toBe(2.5);
      expect(sortValueOf('items', { _id: 'a', customer: { id: 'c1' } }, 'customer.id')).toBe('c1');
      expect(sortValueOf('items', { _id: 'a', flag: false }, 'flag')).toBe(false);
      expect(sortValueOf('items', { _id: 'a', score: null }, 'score')).toBeNull();
      expect(sortValueOf('items', { _id: 'a' }, 'score')).toBeNull();
      expect(sortValueOf('items', { _id: 'a', customer: 'c1' }, 'customer.id')).toBeNull();
      expect(sortValueOf('items', { _id: 'a', customer: null }, 'customer.id')).toBeNull();
    });

    it('refuses an object or array, which no cursor can hold', () => {
      expect(() => sortValueOf('items', { _id: 'a', score: { x: 1 } }, 'score')).toThrow(InvalidQuery);
      expect(() => sortValueOf('items', { _id: 'a', score: [1, 2] }, 'score')).toThrow(InvalidQuery);
      expect(() => sortValueOf('items', { _id: 'a', customer: [{ id: 'c1' }] }, 'customer.id')).toThrow(InvalidQuery);
    });
  });
});
