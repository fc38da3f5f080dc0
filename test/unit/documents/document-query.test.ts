import {
  decodeCursor,
  encodeCursor,
  normalizeDefinitions,
  normalizeFilter,
  resolveLimit,
  Sort,
} from '../../../src/infrastructure/documents/document-query';
import { InvalidCursor, InvalidQuery, UnindexedField } from '../../../src/infrastructure/documents/document-store';

describe('document queries, as every adapter reads them', () => {
  const [orders] = normalizeDefinitions([{ name: 'orders', indexes: ['status', ['customer.id', 'placedAt'], 'status', ['status']] }]);
  const schema = orders!;

  it('turns a definition into its distinct indexes and the fields they cover', () => {
    expect(schema.indexes).toEqual([['status'], ['customer.id', 'placedAt']]);
    expect([...schema.fields].sort()).toEqual(['customer.id', 'placedAt', 'status']);
  });

  it('reads a filter as conditions, one per operator', () => {
    expect(normalizeFilter(schema, { status: 'open', placedAt: { $gte: '2024', $lt: '2025' }, 'customer.id': null })).toEqual([
      { path: 'status', op: 'eq', value: 'open' },
      { path: 'placedAt', op: 'gte', value: '2024' },
      { path: 'placedAt', op: 'lt', value: '2025' },
      { path: 'customer.id', op: 'eq', value: null },
    ]);
  });

  it('tells an undeclared field from a malformed one', () => {
    expect(() => normalizeFilter(schema, { total: 1 })).toThrow(UnindexedField);
    expect(() => normalizeFilter(schema, { 'customer.': 1 })).toThrow(InvalidQuery);
  });

  it('defaults the page size to 50 and caps it at 500', () => {
    expect(resolveLimit('orders', undefined)).toBe(50);
    expect(resolveLimit('orders', 1)).toBe(1);
    expect(resolveLimit('orders', 501)).toBe(500);
    expect(() => resolveLimit('orders', 0)).toThrow(InvalidQuery);
  });

  describe('cursors', () => {
    const sort: Sort = { field: 'placedAt', descending: true };

    it.each([['text ✓ "quoted"'], [12.5], [-0.1], [true], [false], [null]])('carry %p back exactly', (value) => {
      const cursor = encodeCursor('orders', sort, { value, id: 'o/1 ü' });
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, 'orders', sort)).toEqual({ value, id: 'o/1 ü' });
    });

    it('are refused once altered, or for another collection or order', () => {
      const cursor = encodeCursor('orders', sort, { value: '2024-01-01', id: 'o1' });
      const refused = (c: unknown, collection = 'orders', s: Sort = sort) => () => decodeCursor(c, collection, s);
      expect(refused(`${cursor}A`)).toThrow(InvalidCursor);
      expect(refused(`${cursor}=`)).toThrow(InvalidCursor);
      expect(refused(cursor.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toThrow(InvalidCursor);
      expect(refused(cursor, 'customers')).toThrow(InvalidCursor);
      expect(refused(cursor, 'orders', { field: 'placedAt', descending: false })).toThrow(InvalidCursor);
      expect(refused(cursor, 'orders', { field: null, descending: true })).toThrow(InvalidCursor);
      expect(refused(42)).toThrow(InvalidCursor);
      expect(refused('x'.repeat(5000))).toThrow(InvalidCursor);
    });
  });
});
