import { apiDocsPage } from '../api-docs';
import { openApiDocument } from '../openapi';
import { unauthorized } from '../problem';
import { defineRoute, RouteDefinition } from '../route';
import { RouteDependencies } from './route-dependencies';
import { Health, OpenApiDescription } from '../schemas/operations.responses';

/** Health, metrics and the API's own description: open to all (metrics behind a token when one is set). */
export const operationsRoutes = (deps: RouteDependencies & { metricsToken?: string | undefined }, api: () => readonly RouteDefinition[]) => {
  let document: ReturnType<typeof openApiDocument> | null = null;
  const openApi = () => (document ??= openApiDocument(api(), { version: deps.version }));
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      summary: 'Liveness and the state of stores, jobs and projections (position and lag)',
      tag: 'Operations',
      roles: 'public',
      success: { status: 200, description: 'Healthy (503 when degraded)', schema: Health },
      async handle() {
        const health = await deps.health();
        return { status: health.status === 'ok' ? 200 : 503, body: health };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics',
      tag: 'Operations',
      roles: 'public',
      success: { status: 200, description: 'Prometheus text format' },
      async handle({ headers }) {
        if (deps.metricsToken && headers.authorization !== `Bearer ${deps.metricsToken}`) {
          throw unauthorized('metrics need the configured token');
        }
        await deps.health();
        return {
          status: 200,
          raw: { contentType: deps.metrics.registry.contentType, text: await deps.metrics.registry.metrics() },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      summary: 'This API as OpenAPI 3.1, generated from the schemas that validate requests',
      tag: 'Operations',
      roles: 'public',
      success: { status: 200, description: 'The OpenAPI document', schema: OpenApiDescription },
      async handle() {
        return { status: 200, body: openApi() };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      summary: 'This API as a page to read and try (Swagger UI over /openapi.json); / redirects here',
      tag: 'Operations',
      roles: 'public',
      success: { status: 200, description: 'HTML' },
      async handle() {
        return { status: 200, raw: { contentType: 'text/html; charset=utf-8', text: apiDocsPage('OMS') } };
      },
    }),
  ];
};
