import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response } from 'express';
import { pinoHttp } from 'pino-http';
import { Logger } from '../infrastructure/observability/logger';

/** What the app knows of a request by the time it answers: set on res.locals by app.ts. */
export type RequestFacts = { correlationId?: string; route?: string; keyId?: string };

const factsOf = (res: ServerResponse): RequestFacts => ((res as Response).locals ?? {}) as RequestFacts;

/** The route template (one format, the same as the metrics), never the raw path with its ids. */
export const routeLabelOf = (res: ServerResponse): string => factsOf(res).route ?? 'unmatched';

const accessEntry = (req: IncomingMessage, res: ServerResponse, durationMs: number) => ({
  method: req.method,
  route: routeLabelOf(res),
  status: res.statusCode,
  durationMs,
  keyId: factsOf(res).keyId ?? null,
});

/**
 * One line per request, on the OMS logger: method, route template, status,
 * duration, correlation id and key id. Headers and the request itself are
 * left out on purpose: the Authorization header carries the API key.
 */
export const accessLog = (logger: Logger) =>
  pinoHttp({
    logger,
    genReqId: (_req, res) => factsOf(res).correlationId ?? 'none',
    customAttributeKeys: { reqId: 'correlationId' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, value: { responseTime: number }) => accessEntry(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) => accessEntry(req, res, value.responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${routeLabelOf(res)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeLabelOf(res)} ${res.statusCode}`,
  });
