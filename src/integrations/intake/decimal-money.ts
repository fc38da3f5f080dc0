/** A decimal amount that cannot be counted exactly in the currency's minor units. */
export class InexactAmount extends Error {
  constructor(
    readonly amount: string,
    readonly currency: string,
  ) {
    super(`"${amount}" is not an amount of ${currency} in whole minor units`);
    this.name = 'InexactAmount';
  }
}

/** How many decimal places the currency's minor unit has (USD 2, JPY 0, KWD 3), as ICU's currency data says. */
export const currencyExponent = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A non-negative decimal string ("19.99", "1500", "0.500") in minor units,
 * exactly: digits are moved, never multiplied as floating point. Trailing
 * zeros past the exponent are fine ("10.000" USD is 1000); any other digit
 * there means the amount is not whole minor units, and is refused.
 */
export const toMinorUnits = (amount: string, currency: string): number => {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new InexactAmount(amount, currency);
  const exponent = currencyExponent(currency);
  const whole = match[1]!;
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(exponent))) throw new InexactAmount(amount, currency);
  const minor = BigInt(whole + fraction.slice(0, exponent).padEnd(exponent, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new InexactAmount(amount, currency);
  return Number(minor);
};
