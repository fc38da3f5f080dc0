export { runForecastCommand, type CommandIo, type SeriesForecastReport } from './forecast.command';
export { FORECAST_USAGE } from './forecast-options';
