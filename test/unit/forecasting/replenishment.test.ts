import { replenishmentList, type ReplenishmentRow } from '../../../src/domain/forecasting';

const row = (sku: string, locationId: string, atp: number, reorderPoint: number, suggestedReorderQuantity: number): ReplenishmentRow =>
  ({ sku, locationId, atp, reorderPoint, suggestedReorderQuantity });

describe('replenishment list', () => {
  it('keeps the rows at or below their reorder point, lowest atp / reorder point first', () => {
    const rows = [
      row('A', 'wh-1', 50, 40, 0), //   above: left out
      row('B', 'wh-1', 20, 40, 35), //  0.5
      row('C', 'wh-2', 40, 40, 12), //  1.0: at the reorder point counts
      row('D', 'wh-1', 0, 10, 18), //   0.0: out of stock, most urgent
      row('E', 'wh-2', 30, 100, 90), // 0.3
    ];
    expect(replenishmentList(rows).map((r) => [r.sku, r.suggestedReorderQuantity])).toEqual([
      ['D', 18],
      ['E', 90],
      ['B', 35],
      ['C', 12],
    ]);
  });

  it('leaves out rows that expect no demand (reorder point 0)', () => {
    expect(replenishmentList([row('A', 'wh-1', 0, 0, 0)])).toEqual([]);
  });

  it('breaks ties by larger suggestion, then sku and location', () => {
    const rows = [row('B', 'wh-2', 5, 10, 7), row('B', 'wh-1', 5, 10, 7), row('A', 'wh-1', 5, 10, 7), row('Z', 'wh-1', 10, 20, 30)];
    expect(replenishmentList(rows).map((r) => `${r.sku}@${r.locationId}`)).toEqual(['Z@wh-1', 'A@wh-1', 'B@wh-1', 'B@wh-2']);
  });

  it('keeps extra fields and leaves its input alone', () => {
    const rows = [{ ...row('A', 'wh-1', 20, 10, 5), daysOfCover: 2 }, { ...row('B', 'wh-1', 1, 10, 9), daysOfCover: 0.1 }];
    const copy = structuredClone(rows);
    expect(replenishmentList(rows)).toEqual([rows[1]]);
    expect(rows).toEqual(copy);
  });
});
