import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local stand-ins for the storefronts' order-cancelling endpoints, answering
 * as each platform documents it. Each keeps its orders' states, the calls it
 * received, and failures to answer first (a status and optional headers).
 */
export type StorefrontServer = {
  url: string;
  /** The state of each order by its platform id: 'open', 'cancelled' or 'fulfilled'. */
  orders: Map<string, 'open' | 'cancelled' | 'fulfilled'>;
  failures: { status: number; headers?: Record<string, string> }[];
  calls: { method: string; path: string; body: string }[];
  close(): Promise<void>;
};

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;
type Answer = (request: { method: string; path: string; body: string; headers: http.IncomingHttpHeaders }, send: Send, server: StorefrontServer) => void;

async function start(answer: Answer, failureBody: unknown): Promise<StorefrontServer> {
  const state: StorefrontServer = { url: '', orders: new Map(), failures: [], calls: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const send: Send = (status, body, headers = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      state.calls.push({ method: request.method, path: request.path, body: request.body });
      const failure = state.failures.shift();
      if (failure) return send(failure.status, failureBody, failure.headers);
      answer(request, send, state);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** Shopify Admin REST: `POST /admin/api/2024-10/orders/{id}/cancel.json` with X-Shopify-Access-Token. */
export const startShopifyServer = (token: string) =>
  start(
    (request, send, state) => {
      if (request.headers['x-shopify-access-token'] !== token) {
        return send(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      }
      const id = /^\/admin\/api\/2024-10\/orders\/(\d+)\/cancel\.json$/.exec(request.path)?.[1];
      const order = id === undefined ? undefined : state.orders.get(id);
      if (request.method !== 'POST' || id === undefined || order === undefined) return send(404, { errors: 'Not Found' });
      if (order === 'cancelled') return send(422, { errors: 'Order has already been cancelled' });
      if (order === 'fulfilled') return send(422, { errors: 'Cannot cancel a fulfilled or partially fulfilled order' });
      state.orders.set(id, 'cancelled');
      return send(200, { order: { id: Number(id), cancelled_at: '2026-12-02T12:00:00-05:00', cancel_reason: 'other', financial_status: 'refunded' } });
    },
    { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' },
  );

/** WooCommerce REST: `PUT /wp-json/wc/v3/orders/{id}` with HTTP Basic (consumer key and secret). */
export const startWooCommerceServer = (key: string, secret: string) =>
  start(
    (request, send, state) => {
      if (request.headers.authorization !== `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`) {
        return send(401, { code: 'woocommerce_rest_cannot_edit', message: 'Sorry, you are not allowed to edit this resource.', data: { status: 401 } });
      }
      const id = /^\/wp-json\/wc\/v3\/orders\/(\d+)$/.exec(request.path)?.[1];
      const order = id === undefined ? undefined : state.orders.get(id);
      if (request.method !== 'PUT' || id === undefined || order === undefined) {
        return send(404, { code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
      }
      const { status } = JSON.parse(request.body) as { status?: string };
      if (status !== undefined) state.orders.set(id, 'cancelled');
      return send(200, { id: Number(id), status: status ?? 'processing', currency: 'USD', total: '29.99' });
    },
    { code: 'internal_server_error', message: 'There has been a critical error on this website.', data: { status: 500 } },
  );

/** Magento REST: `POST /rest/V1/orders/{id}/cancel` with a bearer token, answering `true` or `false`. */
export const startMagentoCancelServer = (token: string) =>
  start(
    (request, send, state) => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Sales::cancel' } });
      }
      const id = /^\/rest\/V1\/orders\/(\d+)\/cancel$/.exec(request.path)?.[1];
      const order = id === undefined ? undefined : state.orders.get(id);
      if (request.method !== 'POST' || id === undefined || order === undefined) {
        return send(404, { message: 'The entity that was requested doesn\'t exist. Verify the entity and try again.' });
      }
      if (order !== 'open') return send(200, false);
      state.orders.set(id, 'cancelled');
      return send(200, true);
    },
    { message: 'Service temporarily unavailable' },
  );
