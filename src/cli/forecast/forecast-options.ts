import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  DEFAULT_HORIZON_DAYS,
  DEFAULT_SERVICE_LEVEL,
  DemandQuantity,
  ForecastMethod,
  Horizon,
  LeadTimeDays,
  ServiceLevel,
  SmoothingParameter,
} from '../../domain/forecasting';
import { parseCsvSeries } from './csv-series';
import { parseDecimal } from './parse-decimal';
import { messageOf, UsageError } from './usage-error';

export type ForecastOptions = {
  method: ForecastMethod;
  alpha: number | undefined;
  beta: number | undefined;
  horizon: number;
  /** Given: the answer includes safety stock and reorder point. */
  leadTimeDays: number | undefined;
  serviceLevel: number;
  series: number[];
};

export const FORECAST_USAGE = `usage: oms forecast --method ses|holt [--alpha A] [--beta B] [--horizon H] [--lead-time L] [--service-level P] (--values v1,v2,... | --csv FILE)
  --method         ses (simple exponential smoothing) or holt (linear trend)
  --alpha, --beta  fix a smoothing parameter in (0, 1]; left out, it is fitted (beta: holt only)
  --horizon        days to forecast (default ${DEFAULT_HORIZON_DAYS})
  --lead-time      days of lead time: adds safetyStock and reorderPoint
  --service-level  probability in [0.5, 1) for the safety stock (default ${DEFAULT_SERVICE_LEVEL}; needs --lead-time)
  --values         the daily series, comma-separated
  --csv            a CSV file whose last column is the daily series (a header row is skipped)
`;

const FLAGS = {
  method: { type: 'string' },
  alpha: { type: 'string' },
  beta: { type: 'string' },
  horizon: { type: 'string' },
  'lead-time': { type: 'string' },
  'service-level': { type: 'string' },
  values: { type: 'string' },
  csv: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The arguments after `forecast`, checked; 'help' when help was asked for. Throws UsageError. */
export function parseForecastOptions(argv: readonly string[], readFile: (path: string) => string): ForecastOptions | 'help' {
  const flags = parseFlags(argv);
  if (flags.help) return 'help';

  if (flags.method === undefined) throw new UsageError('--method is required (ses or holt)');
  const method = ForecastMethod.safeParse(flags.method);
  if (!method.success) throw new UsageError(`--method must be ses or holt, got '${flags.method}'`);
  const alpha = numberFlag('alpha', flags.alpha, SmoothingParameter);
  const beta = numberFlag('beta', flags.beta, SmoothingParameter);
  if (beta !== undefined && method.data === 'ses') throw new UsageError('--beta applies to --method holt only');
  const leadTimeDays = numberFlag('lead-time', flags['lead-time'], LeadTimeDays);
  const serviceLevel = numberFlag('service-level', flags['service-level'], ServiceLevel);
  if (serviceLevel !== undefined && leadTimeDays === undefined) throw new UsageError('--service-level needs --lead-time');

  return {
    method: method.data,
    alpha,
    beta,
    horizon: numberFlag('horizon', flags.horizon, Horizon) ?? DEFAULT_HORIZON_DAYS,
    leadTimeDays,
    serviceLevel: serviceLevel ?? DEFAULT_SERVICE_LEVEL,
    series: readSeries(flags.values, flags.csv, readFile),
  };
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(messageOf(error));
  }
}

function numberFlag(name: string, raw: string | undefined, schema: z.ZodType<number>): number | undefined {
  if (raw === undefined) return undefined;
  const value = parseDecimal(raw);
  if (value === undefined) throw new UsageError(`--${name} must be a number, got '${raw}'`);
  const checked = schema.safeParse(value);
  if (!checked.success) throw new UsageError(`--${name} ${checked.error.issues[0]?.message ?? 'is out of range'}, got ${raw}`);
  return checked.data;
}

function readSeries(values: string | undefined, csv: string | undefined, readFile: (path: string) => string): number[] {
  if ((values === undefined) === (csv === undefined)) throw new UsageError('give the series with exactly one of --values or --csv');
  const series = values !== undefined ? parseValueList(values) : parseCsvSeries(readText(csv as string, readFile), csv as string);
  if (series.length === 0) throw new UsageError('the series is empty');
  series.forEach((value, index) => {
    if (!DemandQuantity.safeParse(value).success) throw new UsageError(`value ${index + 1} (${value}) must not be negative`);
  });
  return series;
}

function parseValueList(list: string): number[] {
  if (list.trim() === '') return [];
  return list.split(',').map((item, index) => {
    const value = parseDecimal(item);
    if (value === undefined) throw new UsageError(`--values item ${index + 1}: '${item.trim()}' is not a number`);
    return value;
  });
}

function readText(path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${messageOf(error)}`);
  }
}
