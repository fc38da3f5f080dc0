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
    instance: { type: 'string', description: 'The request path' },
    code: { type: 'string', description: 'Stable machine-readable code of a refusal, e.g. STOCK.INSUFFICIENT' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field of the body, path or query',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
    details: { type: 'object', additionalProperties: true, description: 'Facts of a domain refusal, e.g. the SKU and the quantity short' },
  },
  examples: [
    {
      type: 'https://oms.dev/problems/bad-request',
      title: 'Bad Request',
      status: 400,
      detail: 'the request body is invalid',
      instance: '/orders',
      errors: [{ path: 'body.lines.0.quantity', message: 'Too small: expected number to be >0' }],
    },
  ],
};

/** What a command that takes no body accepts: nothing, or `{}` as most clients send. */
const EMPTY_BODY = { type: 'object', additionalProperties: false, maxProperties: 0 };

/** Every route's tag, described once. */
const TAGS = [
  { name: 'Orders', description: 'Place, hold, release and cancel orders; track and list them' },
  { name: 'Fulfilment', description: 'Warehouse steps (picked, packed, shipped, delivered) and pick lists' },
  { name: 'Audit', description: 'Reads straight from the event log: history, state at a time, the global log' },
  { name: 'Inventory', description: 'Receipts, adjustments, stock policies and stock levels' },
  { name: 'Catalog', description: 'Products and locations' },
  { name: 'Planning', description: 'Demand forecasts, replenishment and order analytics' },
  { name: 'Webhooks', description: 'Signed POSTs to your URLs as orders, shipments and stock change' },
  { name: 'Operations', description: 'Health, metrics and this description of the API' },
  { name: 'Shipping', description: 'Quotes from the configured carriers' },
  { name: 'Integrations', description: 'Signed webhooks from storefronts (Shopify, WooCommerce) and carriers (EasyPost): authenticated by the platform signature instead of an API key' },
];

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
      400: problem(route.body ? 'Malformed or invalid body, query or header' : 'Invalid query or header, or a body where none is taken'),
      ...(route.params ? { 404: problem('No such resource, or one this key may not see') } : {}),
      ...(route.body ? { 413: problem('Body too large'), 415: problem('Not JSON') } : route.rawBody ? { 413: problem('Body too large') } : {}),
      ...(route.roles === 'public'
        ? route.rawBody
          ? { 401: problem('Missing or invalid signature'), 404: problem('Integration not enabled') }
          : {}
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
        : route.rawBody
          ? { requestBody: { required: true, description: route.rawBody.description, content: { 'application/json': { schema: route.rawBody.schema ? jsonSchema(route.rawBody.schema, 'input') : {} } } } }
          : route.method === 'post'
          ? { requestBody: { required: false, description: 'None, or an empty object', content: { 'application/json': { schema: EMPTY_BODY } } } }
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
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: TAGS,
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key from OMS_API_KEYS' } },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
};
