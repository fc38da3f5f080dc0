import { ChannelRejected } from '../../../src/infrastructure/channels/channel-orders';
import { MagentoClient, MagentoCursor } from '../../../src/integrations/magento/magento-client';
import { MagentoOrderKey } from '../../../src/integrations/magento/magento-order';
import { MagentoCursorStore, MagentoPuller } from '../../../src/integrations/magento/magento-puller';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { magentoOrder } from './magento-fixtures';
import { MagentoServer, startMagentoServer } from './magento-server';

const memoryCursors = (): MagentoCursorStore & { saved: MagentoCursor[] } => {
  const saved: MagentoCursor[] = [];
  return { saved, load: async () => saved[saved.length - 1] ?? null, save: async (cursor) => void saved.push(cursor) };
};

describe('Magento pull', () => {
  let magento: MagentoServer;
  beforeEach(async () => {
    magento = await startMagentoServer();
  });
  afterEach(() => magento.close());

  const pullerFor = (cursors: MagentoCursorStore, token = magento.token) => {
    const received: number[] = [];
    const slept: number[] = [];
    const puller = new MagentoPuller({
      client: new MagentoClient({ baseUrl: magento.url, token, pageSize: 3 }),
      cursors,
      intake: async (order: MagentoOrderKey) => void received.push(order.entity_id),
      startAt: () => '2026-11-30 00:00:00',
      sleep: async (ms) => void slept.push(ms),
      logger: silentLogger(),
    });
    return { puller, received, slept };
  };

  it('hands over every order updated since the start, in update order, through pages and seconds shared by more orders than a page holds', async () => {
    magento.orders.push(
      magentoOrder({ entity_id: 9, updated_at: '2026-11-29 23:59:59' }),
      ...[5, 1, 2, 7, 4].map((id) => magentoOrder({ entity_id: id, updated_at: '2026-12-01 10:00:00' })),
      magentoOrder({ entity_id: 3, updated_at: '2026-12-01 09:00:00' }),
      magentoOrder({ entity_id: 8, updated_at: '2026-12-01 11:30:00' }),
    );
    const { puller, received } = pullerFor(memoryCursors());
    expect(await puller.pullOnce()).toBe(7);
    expect(received).toEqual([3, 1, 2, 4, 5, 7, 8]);
  });

  it('resumes after a restart from the stored cursor: nothing handed over twice, nothing skipped', async () => {
    magento.orders.push(...[1, 2, 3, 4].map((id) => magentoOrder({ entity_id: id, updated_at: '2026-12-01 10:00:00' })));
    const cursors = memoryCursors();
    const first = pullerFor(cursors);
    await first.puller.pullOnce();
    magento.orders.push(magentoOrder({ entity_id: 5, updated_at: '2026-12-01 10:00:00' }), magentoOrder({ entity_id: 6, updated_at: '2026-12-02 08:00:00' }));
    const second = pullerFor(cursors);
    await second.puller.pullOnce();
    expect(first.received).toEqual([1, 2, 3, 4]);
    expect(second.received).toEqual([5, 6]);
  });

  it('misses no order when one is updated between two pages (an offset would shift the rest across the page boundary)', async () => {
    magento.orders.push(...[1, 2, 3, 4, 5, 6, 7].map((id) => magentoOrder({ entity_id: id, updated_at: `2026-12-01 10:00:0${id}` })));
    magento.beforeSearch = (search) => {
      if (search === 2) magento.orders.find((order) => order.entity_id === 1)!.updated_at = '2026-12-01 12:00:00';
    };
    const { puller, received } = pullerFor(memoryCursors());
    await puller.pullOnce();
    expect([...new Set(received)].sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(received.slice(-1)).toEqual([1]);
  });

  it('waits and asks again after 429 and 5xx, doubling its wait and honouring Retry-After', async () => {
    magento.orders.push(magentoOrder({ entity_id: 1, updated_at: '2026-12-01 10:00:00' }));
    magento.failures.push({ status: 503 }, { status: 502 }, { status: 429, headers: { 'Retry-After': '7' } }, { status: 500 });
    const { puller, received, slept } = pullerFor(memoryCursors());
    await puller.pullOnce();
    expect(received).toEqual([1]);
    expect(slept).toEqual([1_000, 2_000, 7_000, 8_000]);
  });

  it('stops with Magento\'s own message when the token is refused, and moves no cursor', async () => {
    magento.orders.push(magentoOrder({ entity_id: 1, updated_at: '2026-12-01 10:00:00' }));
    const cursors = memoryCursors();
    const { puller, received } = pullerFor(cursors, 'a-revoked-token');
    const failure = puller.pullOnce();
    await expect(failure).rejects.toBeInstanceOf(ChannelRejected);
    await expect(failure).rejects.toThrow("The consumer isn't authorized to access Magento_Sales::actions_view.");
    expect(received).toEqual([]);
    expect(cursors.saved).toEqual([{ updatedAt: '2026-11-30 00:00:00', entityId: 0 }]);
  });

  it('moves past an order it cannot map, so one bad order does not stop the pull', async () => {
    magento.orders.push(
      { entity_id: 1, updated_at: '2026-12-01 10:00:00', increment_id: '000000001' },
      magentoOrder({ entity_id: 2, updated_at: '2026-12-01 10:00:01' }),
    );
    const { puller, received } = pullerFor(memoryCursors());
    await puller.pullOnce();
    expect(received).toEqual([1, 2]);
  });
});
