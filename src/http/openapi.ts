import { z } from 'zod';
import { RouteDefinition } from './route';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const parametersOf = (schema: z.ZodType | undefined, location: 'path' | 'query') => {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
};

const commonHeaders = (route: RouteDefinition) => [
  ...(route.method === 'post'
    ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }]
    : []),
  ...(route.method === 'get'
    ? [{ name: 'OMS-Min-Position', in: 'header', required: false, schema: { type: 'string', pattern: '^\\d+$' } }]
    : [{ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }]),
];

/** OpenAPI 3.1, generated from the same route table and zod schemas that validate requests. */
export const openApiDocument = (routes: readonly RouteDefinition[], info: { version: string }) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {
      [route.success.status]: {
        description: route.success.description,
        ...(route.success.schema ? { content: { 'application/json': { schema: jsonSchema(route.success.schema, 'output') } } } : {}),
      },
      ...(route.body ? { 400: problem('Malformed or invalid body'), 413: problem('Body too large'), 415: problem('Not JSON') } : {}),
      ...(route.roles === 'public'
        ? {}
        : { 401: problem('No or unknown API key'), 403: problem('Role or channel not allowed'), 429: problem('Rate limited') }),
      ...(route.method === 'post' ? { 409: problem('Refused by a rule of the domain'), 412: problem('If-Match is stale'), 422: problem('Idempotency-Key reused with another body, or an order refused as sent (a price not the catalog\'s, a total above the ceiling)') } : {}),
      ...(route.method === 'get' ? { 503: problem('Read models not yet at OMS-Min-Position') } : {}),
    };
    (paths[route.path] ??= {})[route.method] = {
      operationId: `${route.method}${route.path.replace(/[{}]/g, '').replace(/(^|[/-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      ...(route.roles === 'public' ? { security: [] } : { 'x-roles': route.roles }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query'), ...commonHeaders(route)],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OMS',
      version: info.version,
      description: 'Event-sourced order management: commands over HTTP, read models, audit of the full history.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key from OMS_API_KEYS' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
};
