import { isTransient } from '../../../src/infrastructure/port-error';
import { NotificationFailed } from '../../../src/infrastructure/notifications/notifier';
import { SendOnce } from '../../../src/infrastructure/notifications/send-once';
import { notification } from '../../contract/notifier.fixtures';

describe('SendOnce', () => {
  it('forgets the oldest keys beyond its capacity, so memory stays bounded', async () => {
    const once = new SendOnce(2);
    let sends = 0;
    const send = async () => ({ messageId: `<m${++sends}@x>` });
    const [a, b, c] = [notification('shipped'), notification('shipped'), notification('shipped')];
    for (const n of [a, b, c]) await once.run(n, send);
    expect(sends).toBe(3);
    await once.run(c, send);
    await once.run(b, send);
    expect(sends).toBe(3);
    await once.run(a, send); // evicted: sent again
    expect(sends).toBe(4);
  });

  it('lets concurrent repeats share one send, and its failure', async () => {
    const once = new SendOnce();
    let sends = 0;
    const failing = async () => {
      sends += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw new NotificationFailed('down');
    };
    const n = notification('confirmation');
    const outcomes = await Promise.allSettled([once.run(n, failing), once.run(n, failing)]);
    expect(sends).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(outcomes.every((o) => o.status === 'rejected' && isTransient(o.reason))).toBe(true);
    await expect(once.run(n, async () => ({ messageId: '<ok@x>' }))).resolves.toEqual({ messageId: '<ok@x>' });
  });

  it('treats the same address in another case as the same recipient', async () => {
    const once = new SendOnce();
    const n = notification('delivered');
    await once.run(n, async () => ({ messageId: '<1@x>' }));
    await expect(
      once.run({ ...n, to: { email: n.to.email.toUpperCase() } }, async () => ({ messageId: '<2@x>' })),
    ).resolves.toEqual({ messageId: '<1@x>' });
  });
});
