import { addDays, dayFromNumber, dayNumber, denseDailyDemand } from '../../../src/domain/forecasting';

describe('calendar days', () => {
  it('adds days across month, leap-day and year boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('numbers days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-11')).toBe(10);
    expect(dayFromNumber(-1)).toBe('1969-12-31');
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-01', 'today', ''])('refuses %p', (day) =>
    expect(() => dayNumber(day)).toThrow(RangeError));
});

describe('dense daily demand', () => {
  it('fills days without demand with zeros and sums records of the same day', () => {
    const records = [
      { date: '2024-02-29', demand: 3 },
      { date: '2024-02-27', demand: 2 },
      { date: '2024-02-29', demand: 1 },
    ];
    expect(denseDailyDemand(records, '2024-02-26', '2024-03-01')).toEqual([
      { date: '2024-02-26', demand: 0 },
      { date: '2024-02-27', demand: 2 },
      { date: '2024-02-28', demand: 0 },
      { date: '2024-02-29', demand: 4 },
      { date: '2024-03-01', demand: 0 },
    ]);
  });

  it('ignores records outside the range', () => {
    const records = [{ date: '2024-01-01', demand: 9 }, { date: '2024-01-02', demand: 1 }, { date: '2024-01-04', demand: 9 }];
    expect(denseDailyDemand(records, '2024-01-02', '2024-01-03')).toEqual([
      { date: '2024-01-02', demand: 1 },
      { date: '2024-01-03', demand: 0 },
    ]);
  });

  it('gives one zero day for a one-day range without records, and nothing when the range is reversed', () => {
    expect(denseDailyDemand([], '2024-05-05', '2024-05-05')).toEqual([{ date: '2024-05-05', demand: 0 }]);
    expect(denseDailyDemand([{ date: '2024-05-05', demand: 1 }], '2024-05-06', '2024-05-05')).toEqual([]);
  });
});
