import pino from 'pino';
import pretty from 'pino-pretty';

export type Logger = pino.Logger;
export type LogFormat = 'json' | 'pretty';

/** Pretty for a person at a terminal, JSON lines for anything that collects logs. */
export const defaultLogFormat = (stdoutIsTty: boolean | undefined): LogFormat => (stdoutIsTty ? 'pretty' : 'json');

/** Structured logs on stdout (JSON or pretty); `OMS_LOG_LEVEL=silent` turns them off. */
export const createLogger = (
  level: string = process.env.OMS_LOG_LEVEL ?? 'info',
  format: LogFormat = defaultLogFormat(process.stdout.isTTY),
): Logger => {
  const options = { level, base: { service: 'oms' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'json') return pino(options);
  return pino(options, pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
};

export const silentLogger = (): Logger => pino({ level: 'silent' });
