import express, { NextFunction, Request, Response } from 'express';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { Logger } from '../infrastructure/observability/logger';
import { Metrics } from '../infrastructure/observability/metrics';
import { accessLog, routeLabelOf } from './access-log';
import { apiDocsRouter } from './api-docs';
import { ApiKeyRing } from './auth/api-key-ring';
import { Principal } from './auth/roles';
import { problemFor } from './error-table';
import { IdempotencyGuard } from './idempotency/idempotency-guard';
import { fieldErrorsOf, forbidden, HttpProblem } from './problem';
import { waitForReadModels } from './read-your-writes';
import { RequestLimits } from './request-limits';
import { expressPath, RequestContext, RouteDefinition, RouteResult } from './route';

export const BODY_LIMIT = '256kb';

export type HttpDependencies = {
  routes: readonly RouteDefinition[];
  keys: ApiKeyRing;
  logger: Logger;
  metrics: Metrics;
  limits: RequestLimits;
  idempotency: IdempotencyGuard;
  readModels: { waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> };
};

const NO_BODY = z.object({}).strict().transform(() => undefined);

const parseJsonBody = express.json({ limit: BODY_LIMIT, strict: true, type: () => true });
const readRawBody = express.raw({ limit: BODY_LIMIT, type: () => true });
const EMPTY = Buffer.alloc(0);

/**
 * Builds the express app: every route runs the same steps in the same order
 * (authenticate, authorize, rate limit, parse, idempotency or read-your-writes,
 * handle), and every refusal leaves as a problem response.
 */
export const createApp = (deps: HttpDependencies): express.Express => {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const correlationId = correlationIdOf(req);
    res.locals.correlationId = correlationId;
    res.locals.startedAt = process.hrtime.bigint();
    res.setHeader('X-Correlation-Id', correlationId);
    next();
  });
  // Below info the access log writes nothing (a 5xx is logged on its own), so it is not mounted: it costs a child logger per request.
  if (deps.logger.isLevelEnabled('info')) app.use(accessLog(deps.logger));
  app.use(apiDocsRouter());

  for (const route of deps.routes) {
    app[route.method](expressPath(route.path), (req: Request, res: Response, next: NextFunction) => {
      res.locals.route = route.path;
      runRoute(route, req, res, deps).catch(next);
    });
  }

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new HttpProblem(404, 'Not Found', `no route for ${req.method} ${req.path}`));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    sendProblem(req, res, deps, error);
  });
  return app;
};

async function runRoute(route: RouteDefinition, req: Request, res: Response, deps: HttpDependencies) {
  const principal = await authorize(route, req, deps);
  res.locals.keyId = principal?.keyId;
  const context: RequestContext = {
    correlationId: res.locals.correlationId as string,
    ifMatch: ifMatchOf(req),
    principal,
    actor: principal ? `${principal.role}:${principal.keyId}` : 'anonymous',
  };
  if (principal) await deps.limits.forKey(principal.keyId);
  else await deps.limits.forPublicRoute(clientAddressOf(req));
  // Where no body is taken, `{}` (what most clients send) is the same request as none at all.
  const rawBody = route.rawBody ? await readRaw(req, res) : EMPTY;
  const body = route.rawBody ? undefined : await readBody(req, res, route.body ?? NO_BODY);
  const params = parseWith(route.params, req.params, 'path');
  const query = parseWith(route.query, req.query, 'query');
  const handle = () => route.handle({ params, query, body, headers: req.headers, context, rawBody });

  let result: RouteResult;
  if (route.method === 'post' && !route.answersSecret && typeof req.headers['idempotency-key'] === 'string' && principal) {
    const recover = route.recover;
    result = await deps.idempotency.run(
      { keyId: principal.keyId, key: req.headers['idempotency-key'], method: req.method, path: req.path, body: req.body, correlationId: context.correlationId },
      handle,
      recover && ((correlationId) => recover({ params, query, body, headers: req.headers, context: { ...context, correlationId }, rawBody })),
    );
  } else {
    if (route.method === 'get') await waitForReadModels(req.headers['oms-min-position'], deps.readModels);
    result = await handle();
  }
  send(res, result);
  observe(req, res, deps, route.path);
}

async function authorize(route: RouteDefinition, req: Request, deps: HttpDependencies): Promise<Principal | null> {
  if (route.roles === 'public') return null;
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const failure = { clientAddress: clientAddressOf(req), route: `${route.method.toUpperCase()} ${route.path}` };
  if (!match) {
    throw await deps.limits.failedSignIn({ ...failure, reason: 'missing', presentedKey: null }, 'send an API key as Authorization: Bearer <key>');
  }
  const principal = deps.keys.authenticate(match[1]!);
  if (!principal) throw await deps.limits.failedSignIn({ ...failure, reason: 'unknown', presentedKey: match[1]! }, 'unknown API key');
  if (!route.roles.includes(principal.role)) {
    throw forbidden(`the ${principal.role} role may not ${route.method.toUpperCase()} ${route.path}`);
  }
  return principal;
}

async function readBody(req: Request, res: Response, schema: z.ZodType): Promise<unknown> {
  if (!hasBody(req)) return validBody(schema, {});
  if (!req.is('application/json') && !req.is('application/*+json')) {
    throw new HttpProblem(415, 'Unsupported Media Type', 'send the body as application/json');
  }
  if (!declaresUtf8(req.headers['content-type'])) throw new HttpProblem(415, 'Unsupported Media Type', 'send the body as UTF-8 JSON');
  await new Promise<void>((resolve, reject) => parseJsonBody(req, res, (error?: unknown) => (error ? reject(bodyProblem(error)) : resolve())));
  return validBody(schema, req.body);
}

async function readRaw(req: Request, res: Response): Promise<Buffer> {
  if (!hasBody(req)) return EMPTY;
  await new Promise<void>((resolve, reject) => readRawBody(req, res, (error?: unknown) => (error ? reject(bodyProblem(error)) : resolve())));
  return Buffer.isBuffer(req.body) ? req.body : EMPTY;
}

function validBody(schema: z.ZodType, body: unknown): unknown {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpProblem(400, 'Bad Request', 'the request body is invalid', { errors: fieldErrorsOf(parsed.error, 'body') });
  }
  return parsed.data;
}

const bodyProblem = (error: unknown): HttpProblem => {
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') return new HttpProblem(413, 'Content Too Large', `the body exceeds ${BODY_LIMIT}`);
  if (type === 'entity.parse.failed') return new HttpProblem(400, 'Bad Request', 'the body is not valid JSON', { code: 'REQUEST.MALFORMED_JSON' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new HttpProblem(415, 'Unsupported Media Type', 'send the body as UTF-8 JSON');
  }
  return new HttpProblem(400, 'Bad Request', 'the body could not be read');
};

/** JSON is UTF-8 (RFC 8259): a body declared in any other charset is refused rather than decoded. */
const declaresUtf8 = (contentType: string | undefined): boolean => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
};

const hasBody = (req: Request): boolean => {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
};

function parseWith(schema: z.ZodType | undefined, input: unknown, where: 'path' | 'query'): Record<string, unknown> {
  if (!schema) {
    const keys = Object.keys((input ?? {}) as object);
    if (where === 'query' && keys.length > 0) {
      throw new HttpProblem(400, 'Bad Request', 'this endpoint takes no query parameters', {
        errors: keys.map((key) => ({ path: `query.${key}`, message: 'unknown parameter' })),
      });
    }
    return {};
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const status = where === 'path' ? 404 : 400;
    const detail = where === 'path' ? 'no such resource' : 'the query parameters are invalid';
    throw new HttpProblem(status, status === 404 ? 'Not Found' : 'Bad Request', detail, {
      errors: fieldErrorsOf(parsed.error, where),
    });
  }
  return parsed.data as Record<string, unknown>;
}

const ifMatchOf = (req: Request): number | undefined => {
  const header = req.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) throw new HttpProblem(400, 'Bad Request', 'If-Match must be an ETag such as "3"');
  return Number(match[1]);
};

const clientAddressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const correlationIdOf = (req: Request): string => {
  const presented = req.headers['x-correlation-id'];
  return typeof presented === 'string' && CORRELATION_ID.test(presented) ? presented : uuidv7();
};

function send(res: Response, result: RouteResult) {
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, value);
  if (result.raw) {
    res.status(result.status).type(result.raw.contentType).send(result.raw.text);
  } else if (result.body === undefined) {
    res.status(result.status).end();
  } else {
    res.status(result.status).json(result.body);
  }
}

function sendProblem(req: Request, res: Response, deps: HttpDependencies, error: unknown) {
  const problem = problemFor(error);
  if (problem.status === 500) {
    deps.logger.error({ err: error, correlationId: res.locals.correlationId, path: req.path }, 'request failed');
  }
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(problem.extra.headers ?? {})) res.setHeader(name, value);
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON(req.originalUrl)));
  observe(req, res, deps, routeLabelOf(res));
}

function observe(req: Request, res: Response, deps: HttpDependencies, route: string) {
  const started = res.locals.startedAt as bigint | undefined;
  if (started === undefined) return;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  deps.metrics.httpRequestDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
}
