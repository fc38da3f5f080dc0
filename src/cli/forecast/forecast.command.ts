import {
  fitModel,
  forecastAhead,
  meanAbsolutePercentageError,
  reorderPolicy,
  roundTo,
  type SmoothingParameters,
} from '../../domain/forecasting';
import { FORECAST_USAGE, parseForecastOptions, type ForecastOptions } from './forecast-options';
import { optionsOrExit } from './usage-error';

export type CommandIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => string;
};

export type SeriesForecastReport = {
  method: ForecastOptions['method'];
  params: SmoothingParameters;
  forecast: number[];
  mape: number | null;
  safetyStock?: number;
  reorderPoint?: number;
};

/**
 * `oms forecast ...`: `argv` holds the arguments after the word `forecast`.
 * Writes one JSON object (and a newline) to stdout and returns 0, or one line
 * of error to stderr and returns 2 on bad input. `--help` prints the usage.
 */
export function runForecastCommand(argv: string[], io: CommandIo): number {
  const parsed = optionsOrExit('forecast', FORECAST_USAGE, io, () => parseForecastOptions(argv, io.readFile));
  if ('exitCode' in parsed) return parsed.exitCode;
  io.stdout(`${JSON.stringify(forecastSeries(parsed.options))}\n`);
  return 0;
}

function forecastSeries(options: ForecastOptions): SeriesForecastReport {
  const model = fitModel(options.series, options.method, options);
  const mape = meanAbsolutePercentageError(options.series, model.fitted);
  const report: SeriesForecastReport = {
    method: model.method,
    params: model.params,
    forecast: forecastAhead(model, options.horizon).map((quantity) => roundTo(quantity, 2)),
    mape: mape === null ? null : roundTo(mape, 2),
  };
  if (options.leadTimeDays === undefined) return report;
  const policy = reorderPolicy(options.series, options.leadTimeDays, options.serviceLevel);
  return { ...report, safetyStock: roundTo(policy.safetyStock, 2), reorderPoint: roundTo(policy.reorderPoint, 2) };
}
