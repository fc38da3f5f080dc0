import { diffDocuments, showValue } from '../../../src/cli/document-diff';

describe('verify: the differences between two documents', () => {
  it('names each differing leaf by its path, whatever the key order', () => {
    expect(
      diffDocuments(
        { a: 1, nested: { b: 'x', c: [1, 2, { d: true }] }, same: { e: null } },
        { same: { e: null }, nested: { c: [1, 3, { d: false }], b: 'x' }, a: 1 },
      ),
    ).toEqual([
      { path: 'nested.c[1]', live: 2, rebuilt: 3 },
      { path: 'nested.c[2].d', live: true, rebuilt: false },
    ]);
  });

  it('reports a field only one side has, and arrays of different lengths whole', () => {
    expect(diffDocuments({ a: 1, lines: [1] }, { lines: [1, 2], b: 2 })).toEqual([
      { path: 'a', live: 1, rebuilt: undefined },
      { path: 'b', live: undefined, rebuilt: 2 },
      { path: 'lines', live: [1], rebuilt: [1, 2] },
    ]);
    expect(diffDocuments({ a: { b: 1 } }, { a: null })).toEqual([{ path: 'a', live: { b: 1 }, rebuilt: null }]);
    expect(diffDocuments({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('shows values as JSON, cut short when long', () => {
    expect(showValue(undefined)).toBe('missing');
    expect(showValue('x')).toBe('"x"');
    expect(showValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(showValue('y'.repeat(100))).toBe(`"${'y'.repeat(56)}...`);
  });
});
