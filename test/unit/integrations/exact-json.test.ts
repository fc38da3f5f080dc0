import fc from 'fast-check';
import { parseExactJson } from '../../../src/integrations/intake/exact-json';

describe('parseExactJson', () => {
  it('keeps an integer above 2^53 digit for digit, as a string', () => {
    // JSON.parse would read 9007199254740993 as ...992, and 2^63-1 as 9223372036854775808.
    expect(parseExactJson('{"id": 9007199254740993, "max": 9223372036854775807}')).toEqual({ id: '9007199254740993', max: '9223372036854775807' });
  });

  it('leaves safe integers, decimals, exponents and negative numbers as numbers', () =>
    expect(parseExactJson('[9007199254740991, -12, 0, 1.5, 2e3, -0.25]')).toEqual([9007199254740991, -12, 0, 1.5, 2000, -0.25]));

  it('leaves digits inside strings alone, escaped quotes included', () =>
    expect(parseExactJson('{"note": "call 90071992547409931234 \\"now\\"", "id": 90071992547409931234}')).toEqual({
      note: 'call 90071992547409931234 "now"',
      id: '90071992547409931234',
    }));

  it('refuses text that is not JSON, as JSON.parse does', () => expect(() => parseExactJson('{"id": 1,')).toThrow(SyntaxError));

  it('reads any big unsigned id exactly, wherever it sits', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }), fc.string(), (id, text) => {
        const json = `{"text": ${JSON.stringify(text)}, "items": [{"id": ${id}}]}`;
        expect(parseExactJson(json)).toEqual({ text, items: [{ id: id.toString() }] });
      }),
    ));
});
