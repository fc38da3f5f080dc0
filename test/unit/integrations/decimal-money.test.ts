import fc from 'fast-check';
import { currencyExponent, InexactAmount, toMinorUnits } from '../../../src/integrations/intake/decimal-money';

describe('toMinorUnits: decimal strings to minor units, exactly', () => {
  it.each([
    ['19.99', 'USD', 1999],
    ['0.29', 'USD', 29], // 0.29 * 100 is 28.999999999999996 in floating point
    ['1.10', 'USD', 110],
    ['4.9', 'USD', 490],
    ['262.23', 'USD', 26223],
    ['10', 'USD', 1000],
    ['10.000', 'USD', 1000],
    ['1500', 'JPY', 1500],
    ['1500.00', 'JPY', 1500],
    ['1.234', 'KWD', 1234],
    ['0.00', 'EUR', 0],
  ])('%s %s is %d', (amount, currency, minor) => expect(toMinorUnits(amount, currency)).toBe(minor));

  it.each([
    ['19.999', 'USD'],
    ['1500.5', 'JPY'],
    ['-1.00', 'USD'],
    ['1e3', 'USD'],
    ['', 'USD'],
    ['12,50', 'EUR'],
    ['99999999999999999.99', 'USD'],
  ])('refuses %s %s: not whole minor units, or not an amount', (amount, currency) =>
    expect(() => toMinorUnits(amount, currency)).toThrow(InexactAmount));

  it('knows the exponent of each currency: USD 2, JPY 0, KWD 3', () => {
    expect([currencyExponent('USD'), currencyExponent('JPY'), currencyExponent('KWD')]).toEqual([2, 0, 3]);
  });

  it('reads back every amount of cents written as a decimal', () =>
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const text = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
        expect(toMinorUnits(text, 'USD')).toBe(cents);
      }),
    ));
});
