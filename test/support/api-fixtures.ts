import { randomUUID } from 'node:crypto';
import type { Response, Test } from 'supertest';
import { orderStreamId } from '../../src/domain/order';
import { TestApi } from './api-app';
import { locationBody, orderBody, OrderBodyOptions, productBody } from '../../bench/request-bodies';

export { locationBody, orderBody, productBody };
export type { OrderBodyOptions };

/** A fresh order id (a uuid, as the API requires). */
export const newOrderId = (): string => randomUUID();

/** A tag that keeps ids of one test apart from every other test's. */
export const uniqueSuffix = (): string => randomUUID().slice(0, 8);

/** Registers products and locations (admin) and receives stock (warehouse) through the API. */
export async function seedCatalog(
  api: TestApi,
  seed: { products?: Record<string, number>; locations?: string[]; stock?: { locationId: string; sku: string; quantity: number }[] },
): Promise<void> {
  for (const [sku, unitPrice] of Object.entries(seed.products ?? {})) {
    await api.as('admin').put(`/products/${sku}`).send(productBody(unitPrice)).expect(201);
  }
  for (const [index, locationId] of (seed.locations ?? []).entries()) {
    await api.as('admin').put(`/locations/${locationId}`).send(locationBody(index + 1, `Location ${locationId}`)).expect(201);
  }
  for (const receipt of seed.stock ?? []) {
    await api.as('warehouse').post('/inventory/receipts').send(receipt).expect(201);
  }
}

/** Places an order through the API and answers its command response. */
export async function placeOrder(api: TestApi, options: OrderBodyOptions = {}, key: Parameters<TestApi['as']>[0] = 'admin') {
  const orderId = options.orderId ?? newOrderId();
  const res = await api.as(key).post('/orders').send(orderBody({ ...options, orderId })).expect(201);
  return { orderId, revision: res.body.revision as number, position: res.body.position as string, etag: res.headers.etag as string };
}

/** The order's ETag once everything appended so far (a process manager's steps included) is applied. */
export async function currentEtag(api: TestApi, orderId: string): Promise<string> {
  await api.settled();
  const res = await api.as('admin').get(`/orders/${orderId}`).expect(200);
  return res.headers.etag as string;
}

/** Every refusal is an RFC 9457 problem with type, title, status and detail. */
export function expectProblem(res: Response, status: number): void {
  expect({ status: res.status, body: res.body }).toMatchObject({ status, body: { status } });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.any(String), title: expect.any(String), detail: expect.any(String), code: expect.stringMatching(STABLE_CODE) }),
  );
}

/** What every problem's `code` looks like: AREA.WHAT or one word, upper case. */
export const STABLE_CODE = /^[A-Z][A-Z_]*(\.[A-Z][A-Z_]*)*$/;

/**
 * Sends a request that must change nothing: once the read models are settled,
 * the head of the log is the same after it as before, and no event carries
 * the request's correlation id.
 */
export async function withoutAppend(api: TestApi, request: Test): Promise<Response> {
  await api.settled();
  const before = await api.head();
  const correlationId = `no-append-${randomUUID()}`;
  const res = await request.set('X-Correlation-Id', correlationId);
  const appended = await api.oms.events.readAll({ after: before });
  expect(appended.filter((event) => event.metadata.correlationId === correlationId)).toEqual([]);
  expect(await api.head()).toBe(before);
  return res;
}

/** The types of one order's events, oldest first. */
export const orderEventTypes = async (api: TestApi, orderId: string): Promise<string[]> =>
  (await api.oms.events.readStream(orderStreamId(orderId))).map((event) => event.type);

/** How many events of a type an order has (a process manager may add others beside them). */
export const countOrderEvents = async (api: TestApi, orderId: string, type: string): Promise<number> =>
  (await orderEventTypes(api, orderId)).filter((t) => t === type).length;
