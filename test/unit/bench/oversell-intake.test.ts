/**
 * The oversell scenario cancels orders two ways: the intake cancels every
 * n-th order right after placing it, and the warehouse cancels orders it
 * takes off a pick list. Each order must be cancelled by one of them only, or
 * the count of cancelled orders comes up short. A scripted API (no server)
 * makes the dangerous interleaving happen every time: the intake's cancel
 * answers only once the warehouse has had its chance at the order.
 */
import type { OmsProcess } from '../../../bench/oms-process';
import { placeOrdersUnderLoad, ScenarioOptions } from '../../../bench/oversell-scenario';

type Answer = { status: number; headers: Headers; body: any; text: string };
const answer = (status: number, body: unknown = {}): Answer => ({ status, headers: new Headers(), body, text: JSON.stringify(body) });

/** Places orders onto one pick list; holds the intake's cancellation until the warehouse cancels too or reads the list again. */
function scriptedApi() {
  const placed: string[] = [];
  const cancels: { orderId: string; reason: string }[] = [];
  let listReads = 0;
  let releaseIntake: (() => void) | null = null;
  let readsWhenHeld = 0;

  const post = async (path: string, body?: { reason?: string }): Promise<Answer> => {
    const cancel = /^\/orders\/([^/]+)\/cancel$/.exec(path);
    if (!cancel) return answer(201);
    const orderId = cancel[1]!;
    cancels.push({ orderId, reason: body?.reason ?? '' });
    if (body?.reason === 'changed my mind') {
      readsWhenHeld = listReads;
      await new Promise<void>((resolve) => (releaseIntake = resolve));
    } else {
      releaseIntake?.();
    }
    return answer(200);
  };
  const get = async (path: string): Promise<Answer> => {
    if (!path.includes('/pick-list')) return answer(404);
    listReads++;
    // A second look at the list after the intake asked to cancel: the warehouse has passed the order by.
    if (releaseIntake && listReads > readsWhenHeld + 1) releaseIntake();
    return answer(200, { items: placed.map((orderId) => ({ orderId, fulfillmentId: 'F1', status: 'requested' })) });
  };
  const api = {
    expect: async (status: number, method: string, path: string, options: { body?: { orderId?: string } } = {}) => {
      if (method === 'POST' && path === '/orders' && options.body?.orderId) placed.push(options.body.orderId);
      return answer(status);
    },
    post: (path: string, body?: { reason?: string }) => post(path, body),
    get: (path: string) => get(path),
  };
  return { api: api as unknown as OmsProcess, cancels };
}

const OPTIONS: ScenarioOptions = {
  skus: ['S-1'],
  locations: ['wh-1'],
  unitsPerLocation: 1,
  orders: 1,
  concurrency: 1,
  shipments: 0,
  cancelEvery: 1,
  cancelAllocated: 1,
  restock: 0,
};

describe('oversell scenario intake', () => {
  it('never lets the warehouse cancel an order the intake cancels', async () => {
    const { api, cancels } = scriptedApi();

    const run = await placeOrdersUnderLoad([api], OPTIONS);

    expect(run.orderIds).toHaveLength(1);
    expect(cancels).toEqual([{ orderId: run.orderIds[0], reason: 'changed my mind' }]);
    expect([...run.cancelled]).toEqual(run.orderIds);
  });
});
