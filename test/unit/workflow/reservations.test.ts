import { allocationOf, reservationIdFor } from '../../../src/commands/workflow/reservations';

const ORDER = '3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3d';
const OTHER = '3f2b8c1e-5d4a-4e7b-9c1d-2a6f8e0b7c3e';

describe('reservation ids', () => {
  it('name the order, the allocation attempt and the line', () => {
    expect(reservationIdFor(ORDER, 'initial', 'L2')).toBe(`${ORDER}:initial:L2`);
  });

  it('are the same for the same attempt and line, so a repeated attempt finds what it reserved', () => {
    expect(reservationIdFor(ORDER, 'initial', 'L1')).toBe(reservationIdFor(ORDER, 'initial', 'L1'));
  });

  it('differ between attempts, lines and orders', () => {
    const ids = [
      reservationIdFor(ORDER, 'initial', 'L1'),
      reservationIdFor(ORDER, 'initial', 'L2'),
      reservationIdFor(ORDER, 'restock:e1', 'L1'),
      reservationIdFor(ORDER, 'release:e2', 'L1'),
      reservationIdFor(OTHER, 'initial', 'L1'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['initial', 'restock:0190a5b2-7c1d-7e3f-9a4b-5c6d7e8f9a0b', 'release:e2', 'a:b:c'])(
    'give back the attempt they were made by (%s), colons in it and all',
    (attempt) => {
      expect(allocationOf(reservationIdFor(ORDER, attempt, 'L12'), ORDER)).toBe(attempt);
    },
  );

  it("answer null for another order's reservation, even one whose id starts alike", () => {
    expect(allocationOf(reservationIdFor(OTHER, 'initial', 'L1'), ORDER)).toBeNull();
    expect(allocationOf(`${ORDER}x:initial:L1`, ORDER)).toBeNull();
  });

  it('answer null for an id not made by reservationIdFor', () => {
    expect(allocationOf(`${ORDER}:L1`, ORDER)).toBeNull();
    expect(allocationOf('res-1', ORDER)).toBeNull();
  });
});
