import { BSON, Long } from 'mongodb';
import { decodePosition, encodePosition } from '../../../src/infrastructure/documents/mongo-positions';

describe('MongoDB positions: int64', () => {
  const TWO_53 = 2n ** 53n;
  const positions = [0n, 1n, TWO_53 - 1n, TWO_53, TWO_53 + 1n, TWO_53 + 2n, 2n ** 60n + 7n, 2n ** 63n - 2n, 2n ** 63n - 1n];

  it('keeps the order of positions around and beyond 2^53, up to 2^63-1', () => {
    for (let i = 1; i < positions.length; i++) {
      expect(encodePosition(positions[i - 1]!).lessThan(encodePosition(positions[i]!))).toBe(true);
      expect(encodePosition(positions[i]!).compare(encodePosition(positions[i - 1]!))).toBe(1);
    }
  });

  it('where doubles would tie and decimal strings would misorder', () => {
    expect(Number(TWO_53 + 1n)).toBe(Number(TWO_53)); // a double cannot tell them apart
    expect(String(10n) < String(9n)).toBe(true); // text order is not number order
  });

  it.each(positions.map((p) => [p]))('reads %p back exactly from BSON, however the driver hands it over', (position) => {
    const bytes = BSON.serialize({ position: encodePosition(position) });
    expect(decodePosition(BSON.deserialize(bytes).position)).toBe(position); // a number up to 2^53, a Long beyond
    expect(decodePosition(BSON.deserialize(bytes, { useBigInt64: true }).position)).toBe(position);
    expect(decodePosition(BSON.deserialize(bytes, { promoteLongs: false }).position)).toBe(position);
  });

  it('is stored as int64, not as a double', () => {
    const bytes = BSON.serialize({ p: encodePosition(5n) });
    expect(bytes[4]).toBe(0x12); // the BSON type byte of the first element: 0x12 is int64
  });

  it('refuses what is not a position', () => {
    for (const value of ['5', 2 ** 53 + 2, 1.5, null, undefined, {}]) expect(() => decodePosition(value)).toThrow(TypeError);
    expect(decodePosition(Long.fromNumber(7))).toBe(7n);
  });
});
