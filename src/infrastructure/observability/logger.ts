import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; `OMS_LOG_LEVEL=silent` turns them off. */
export const createLogger = (level: string = process.env.OMS_LOG_LEVEL ?? 'info'): Logger =>
  pino({ level, base: { service: 'oms' }, timestamp: pino.stdTimeFunctions.isoTime });

export const silentLogger = (): Logger => pino({ level: 'silent' });
