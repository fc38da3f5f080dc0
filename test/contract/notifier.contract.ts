import { isTransient } from '../../src/infrastructure/port-error';
import {
  InvalidRecipient,
  NotificationFailed,
  notificationKinds,
  NotificationRejected,
  Notifier,
} from '../../src/infrastructure/notifications/notifier';
import { renderNotification } from '../../src/infrastructure/notifications/templates';
import { mustSay, notification, ORDER_ID } from './notifier.fixtures';

/** A message as it reached its destination (the log, a mailbox). */
export type Delivery = { messageId: string; to: string; subject: string; text: string };

export type NotifierHarness = {
  notifier: Notifier;
  /** Another adapter on the same destination, as a restarted process would have. */
  restart: () => Promise<Notifier>;
  deliveries: () => Delivery[];
  /** The next delivery fails as a passing outage would. */
  failNextDelivery: () => void;
  close: () => Promise<void>;
};

/** One suite, run against every Notifier adapter. */
export const notifierContract = (adapterName: string, open: () => Promise<NotifierHarness>) => {
  describe(`Notifier contract: ${adapterName}`, () => {
    let harness: NotifierHarness;
    let notifier: Notifier;

    beforeEach(async () => {
      harness = await open();
      notifier = harness.notifier;
    });
    afterEach(() => harness.close());

    it.each(notificationKinds)('delivers a %s message once, to the recipient, with its template', async (kind) => {
      const message = notification(kind);
      const { messageId } = await notifier.send(message);
      const deliveries = harness.deliveries();
      expect(deliveries).toHaveLength(1);
      const [delivery] = deliveries;
      expect(delivery).toMatchObject({ messageId, to: 'ada@example.com', subject: renderNotification(message).subject });
      expect(delivery!.subject).toContain(ORDER_ID);
      for (const text of ['Hello Ada Lovelace,', ORDER_ID, ...mustSay[kind]]) expect(delivery!.text).toContain(text);
    });

    it('answers a repeat of the same key with the same messageId and delivers once', async () => {
      const message = notification('shipped');
      const [first, second] = await Promise.all([notifier.send(message), notifier.send({ ...message })]);
      const third = await notifier.send({ ...message });
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([first.messageId]);
    });

    it('sends different keys as different messages', async () => {
      const a = await notifier.send(notification('delivered'));
      const b = await notifier.send(notification('delivered'));
      expect(a.messageId).not.toBe(b.messageId);
      expect(harness.deliveries()).toHaveLength(2);
    });

    it('derives the messageId from the key, so a send repeated after a restart is recognisable', async () => {
      const message = notification('confirmation');
      const first = await notifier.send(message);
      const restarted = await harness.restart();
      const second = await restarted.send(message);
      expect(second.messageId).toBe(first.messageId);
      expect(first.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([first.messageId, first.messageId]);
    });

    it.each(['not-an-email', 'two@example.com, three@example.com', 'Ada <ada@example.com>', ''])(
      'refuses recipient %p as permanently invalid, sending nothing',
      async (email) => {
        const error = await notifier
          .send(notification('confirmation', { to: { email, name: null } }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidRecipient);
        expect(error).toMatchObject({ code: 'NOTIFY.INVALID_RECIPIENT', email });
        expect(isTransient(error)).toBe(false);
        expect(harness.deliveries()).toEqual([]);
      },
    );

    it('fails transiently in an outage, remembers nothing, and the retry with the same key delivers once', async () => {
      const message = notification('payment_failed');
      harness.failNextDelivery();
      const error = await notifier.send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotificationFailed);
      expect(isTransient(error)).toBe(true);
      expect(harness.deliveries()).toEqual([]);

      const { messageId } = await notifier.send(message);
      await notifier.send(message);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([messageId]);
    });

    it('refuses a key reused for another kind or recipient', async () => {
      const message = notification('shipped');
      await notifier.send(message);
      for (const reuse of [
        notification('delivered', { idempotencyKey: message.idempotencyKey }),
        { ...message, to: { email: 'grace@example.com', name: 'Grace' } },
      ]) {
        const error = await notifier.send(reuse).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotificationRejected);
        expect(isTransient(error)).toBe(false);
      }
      expect(harness.deliveries()).toHaveLength(1);
    });
  });
};
