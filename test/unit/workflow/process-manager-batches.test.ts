import { ProcessManager } from '../../../src/commands/workflow/process-manager';
import { locationStreamId } from '../../../src/domain/location';
import { orderStreamId } from '../../../src/domain/order';
import { gate } from '../../support/gate';
import { waitUntil } from '../../support/process-harness';
import { t } from '../order/order-builders';
import { context, interceptStock, openProcessManagerSide, ProcessManagerSide, WriteSide } from './workflow-fixtures';

const FIRST = '01a00000-0000-7000-8000-000000000001';
const SECOND = '01a00000-0000-7000-8000-000000000002';

/**
 * How the process manager takes the log batch by batch: a batch's orders
 * are visited without waiting for the batches before it to finish their
 * steps, while its place in the checkpoint still waits for them.
 */
describe('ProcessManager batches in flight', () => {
  let side: ProcessManagerSide;
  let w: WriteSide;
  let pm: ProcessManager;

  beforeEach(async () => {
    side = await openProcessManagerSide();
    w = side.w;
    pm = side.processManager();
    await w.handlers.locations.handle(
      locationStreamId('wh-1'),
      {
        type: 'DefineLocation',
        data: { locationId: 'wh-1', name: 'Main warehouse', kind: 'warehouse', priority: 1, address: { country: 'US', postalCode: '10001', region: null, city: null }, active: true, at: t(0) },
      },
      context,
    );
  });
  afterEach(async () => {
    await pm.stop();
    await side.close();
  });

  const allocated = async (orderId: string) => (await w.order(orderId)).lines.every((line) => line.allocated === line.quantity);

  it("allocates an order from a later batch while an earlier batch's order waits on its reservation, and checkpoints neither past the waiting one", async () => {
    await w.receive('wh-1', 'SKU-A', 10);
    await w.receive('wh-1', 'SKU-B', 10);
    const reservation = gate();
    interceptStock(w.handlers, (command, proceed) =>
      command.type === 'ReserveStock' && command.data.orderId === FIRST ? reservation.wait().then(proceed) : proceed(),
    );
    await pm.start();

    await w.authorizedOrder({ orderId: FIRST });
    const firstAuthorized = (await w.store.readStream(orderStreamId(FIRST))).find((event) => event.type === 'PaymentAuthorized')!;
    await reservation.reached;
    // The second order's events come in batches of their own, after the batch whose visit waits.
    await w.authorizedOrder({ orderId: SECOND });
    await waitUntil(() => allocated(SECOND), { what: 'the second order to be allocated' });
    expect(await allocated(FIRST)).toBe(false);
    expect(pm.health().position).toBeLessThan(firstAuthorized.position);

    reservation.open();
    await waitUntil(() => allocated(FIRST), { what: 'the first order to be allocated' });
    const head = await w.store.headPosition();
    await waitUntil(() => pm.health().position === head, { what: 'the checkpoint to reach the head of the log' });
  });
});
