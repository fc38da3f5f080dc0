/**
 * Log positions as MongoDB stores them: BSON int64 (`Long`).
 *
 * Why int64 and not the alternatives: the port's positions run from 0 to
 * 2^63-1, exactly the non-negative range of a signed int64, so every
 * position is stored exactly, and the server compares int64 values as
 * integers (`$lt` on `_pos`, sorts), never through a double. A double would
 * round above 2^53 (2^60 + 7 becomes 2^60); a decimal string compares as
 * text ("10" < "9") unless zero-padded; Decimal128 is exact too but is 16
 * bytes where 8 suffice and needs string conversions both ways.
 *
 * Reading back: the driver turns an int64 into a JS number when it lies
 * within ±2^53 (its default `promoteLongs`; 2^53 itself included, exact as a
 * double) and into a `Long` otherwise, or into a bigint with `useBigInt64`;
 * `decodePosition` takes any of the three.
 */
import { Long } from 'mongodb';

/** The largest int64 the driver hands over as a number. */
const MAX_PROMOTED = 2 ** 53;

export function encodePosition(position: bigint): Long {
  return Long.fromBigInt(position);
}

export function decodePosition(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (Long.isLong(value)) return value.toBigInt();
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_PROMOTED) return BigInt(value);
  throw new TypeError(`not a stored position: ${String(value)}`);
}
