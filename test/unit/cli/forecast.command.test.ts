import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runForecastCommand } from '../../../src/cli/forecast';

const run = (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = runForecastCommand(argv, {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

const json = (argv: string[]): unknown => {
  const result = run(...argv);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  expect(result.stdout.endsWith('}\n')).toBe(true);
  return JSON.parse(result.stdout);
};

describe('oms forecast', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'oms-forecast-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('forecasts a series given with --values (hand-checked SES)', () => {
    // y = 10, 12, 8, 11, a = 0.5: l_1 = 10, fitted -, 10, 11, 9.5, l_4 = 10.25
    // MAPE over the forecast days only = 100 * (2/12 + 3/8 + 1.5/11) / 3 = 22.601
    expect(json(['--method', 'ses', '--alpha', '0.5', '--horizon', '3', '--values', '10,12,8,11'])).toEqual({
      method: 'ses',
      params: { alpha: 0.5 },
      forecast: [10.25, 10.25, 10.25],
      mape: 22.6,
    });
  });

  it('adds safety stock and reorder point with --lead-time', () => {
    // y = 3, 5, 7: MAPE = 100 * (2/5 + 3/7) / 2 = 41.43; sigma_d = 2, mean 5; z(0.95) = 1.6449: safety stock = 1.6449 * 2 * 3 = 9.87, reorder point = 45 + 9.87
    expect(json(['--method', 'ses', '--alpha', '0.5', '--horizon', '1', '--lead-time', '9', '--values', '3,5,7'])).toEqual({
      method: 'ses',
      params: { alpha: 0.5 },
      forecast: [5.5],
      mape: 41.43,
      safetyStock: 9.87,
      reorderPoint: 54.87,
    });
    // z(0.9) = 1.2816: 1.2816 * 2 * 3 = 7.69
    expect(json(['--method=ses', '--lead-time=9', '--service-level=0.9', '--values=3,5,7'])).toMatchObject({ safetyStock: 7.69, reorderPoint: 52.69 });
  });

  it('fits Holt parameters, forecasts 14 days by default and floors at 0', () => {
    const rising = json(['--method', 'holt', '--values', '5,7,9,11,13,15,17,19']) as { params: { alpha: number; beta: number }; forecast: number[] };
    expect(Object.keys(rising.params)).toEqual(['alpha', 'beta']);
    expect(rising.forecast).toHaveLength(14);
    expect(rising.forecast[0]).toBeCloseTo(21, 1);

    // a = b = 0.5 on 10, 6, 2, 0: l_4 = -1, b_4 = -3.5 -> all forecasts below 0 -> 0
    expect(json(['--method', 'holt', '--alpha', '0.5', '--beta', '0.5', '--horizon', '2', '--values', '10,6,2,0'])).toMatchObject({
      params: { alpha: 0.5, beta: 0.5 },
      forecast: [0, 0],
    });
  });

  it('reports a null MAPE when the series has no demand', () => {
    expect(json(['--method', 'ses', '--horizon', '2', '--values', '0,0,0'])).toEqual({ method: 'ses', params: { alpha: 0.01 }, forecast: [0, 0], mape: null });
  });

  it('reads the last column of a CSV file, skipping a header row', () => {
    const withHeader = file('with-header.csv', 'date,"sku, name",units\r\n2024-01-01,"A, b",10\r\n2024-01-02,"A, b",12\r\n\r\n2024-01-03,"A, b",8\r\n2024-01-04,"A, b",11\r\n');
    const withoutHeader = file('without-header.csv', '\uFEFF10\n12\n8\n11');
    const expected = { method: 'ses', params: { alpha: 0.5 }, forecast: [10.25], mape: 22.6 };
    expect(json(['--method', 'ses', '--alpha', '0.5', '--horizon', '1', '--csv', withHeader])).toEqual(expected);
    expect(json(['--method', 'ses', '--alpha', '0.5', '--horizon', '1', '--csv', withoutHeader])).toEqual(expected);
  });

  it('prints the usage with --help', () => {
    const result = run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^usage: oms forecast --method ses\|holt/);
  });

  describe('refuses bad input with one line on stderr and exit code 2', () => {
    const refused = (argv: string[], message: RegExp) => {
      const result = run(...argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^oms forecast: [^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    };

    it.each<[string, string[], RegExp]>([
      ['an unknown flag', ['--method', 'ses', '--values', '1,2', '--smoothing', '3'], /Unknown option '--smoothing'/],
      ['a positional argument', ['--method', 'ses', '--values', '1,2', 'extra'], /Unexpected argument 'extra'/],
      ['a flag without its value', ['--method', 'ses', '--values', '1,2', '--alpha'], /--alpha/],
      ['a missing method', ['--values', '1,2'], /--method is required/],
      ['an unknown method', ['--method', 'arima', '--values', '1,2'], /--method must be ses or holt, got 'arima'/],
      ['alpha 0', ['--method', 'ses', '--alpha', '0', '--values', '1,2'], /--alpha must be in \(0, 1\], got 0/],
      ['alpha above 1', ['--method', 'ses', '--alpha', '1.5', '--values', '1,2'], /--alpha must be in \(0, 1\]/],
      ['a non-numeric alpha', ['--method', 'ses', '--alpha', 'high', '--values', '1,2'], /--alpha must be a number, got 'high'/],
      ['beta outside (0, 1]', ['--method', 'holt', '--beta=-0.1', '--values', '1,2'], /--beta must be in \(0, 1\]/],
      ['beta with SES', ['--method', 'ses', '--beta', '0.1', '--values', '1,2'], /--beta applies to --method holt only/],
      ['a fractional horizon', ['--method', 'ses', '--horizon', '2.5', '--values', '1,2'], /--horizon must be a whole number/],
      ['horizon 0', ['--method', 'ses', '--horizon', '0', '--values', '1,2'], /--horizon must be at least 1/],
      ['a negative lead time', ['--method', 'ses', '--lead-time=-1', '--values', '1,2'], /--lead-time must not be negative/],
      ['a service level of 1', ['--method', 'ses', '--lead-time', '3', '--service-level', '1', '--values', '1,2'], /--service-level must be in \[0.5, 1\)/],
      ['a service level without lead time', ['--method', 'ses', '--service-level', '0.9', '--values', '1,2'], /--service-level needs --lead-time/],
      ['a negative value', ['--method', 'ses', '--values=4,-1,2'], /value 2 \(-1\) must not be negative/],
      ['a negative first value as a separate argument', ['--method', 'ses', '--values', '-1,2'], /'--values' argument is ambiguous/],
      ['a non-numeric value', ['--method', 'ses', '--values', '1,two,3'], /--values item 2: 'two' is not a number/],
      ['an empty item', ['--method', 'ses', '--values', '1,,3'], /--values item 2: '' is not a number/],
      ['an empty series', ['--method', 'ses', '--values', ''], /the series is empty/],
      ['neither --values nor --csv', ['--method', 'ses'], /exactly one of --values or --csv/],
      ['both --values and --csv', ['--method', 'ses', '--values', '1', '--csv', 'x.csv'], /exactly one of --values or --csv/],
    ])('%s', (_, argv, message) => refused(argv, message));

    it('an unreadable file', () => refused(['--method', 'ses', '--csv', join(dir, 'missing.csv')], /cannot read \S*missing\.csv: ENOENT: no such file/));

    it('a CSV with a non-numeric value after the first row', () =>
      refused(['--method', 'ses', '--csv', file('bad.csv', 'units\n1\nlots\n3\n')], /bad\.csv line 3: 'lots' is not a number/));

    it('a CSV with a negative value', () => refused(['--method', 'ses', '--csv', file('negative.csv', '1\n-2\n')], /value 2 \(-2\) must not be negative/));

    it('a CSV with only a header', () => refused(['--method', 'ses', '--csv', file('header-only.csv', 'date,units\n')], /the series is empty/));

    it('an empty CSV', () => refused(['--method', 'ses', '--csv', file('empty.csv', '')], /the series is empty/));
  });
});
