import { isTransient } from '../../src/infrastructure/port-error';
import {
  InvalidRecipient,
  Medium,
  NotificationFailed,
  NotificationKind,
  notificationKinds,
  NotificationRejected,
  Notifier,
  Recipient,
} from '../../src/infrastructure/notifications/notifier';
import { renderNotification } from '../../src/infrastructure/notifications/templates';
import { mustSay, notification, ORDER_ID, smsMustSay } from './notifier.fixtures';

/** A message as it reached its destination (the log, a mailbox, the SMS gateway); an SMS has no subject (''). */
export type Delivery = { messageId: string; to: string; subject: string; text: string };

const ADA = { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+15555550100' };

/** What each medium addresses, and what its messages must say. */
const media: Record<
  Medium,
  { to: Recipient; address: string; other: Recipient; invalid: Recipient[]; opening: string[]; mustSay: Record<NotificationKind, string[]>; subject: boolean }
> = {
  email: {
    to: ADA,
    address: ADA.email,
    other: { email: 'grace@example.com', name: 'Grace' },
    invalid: ['not-an-email', 'two@example.com, three@example.com', 'Ada <ada@example.com>', ''].map((email) => ({ email, name: null })),
    opening: ['Hello Ada Lovelace,'],
    mustSay,
    subject: true,
  },
  sms: {
    to: ADA,
    address: ADA.phone,
    other: { ...ADA, phone: '+447700900123' },
    invalid: ['5555550100', '+0155555501', '+1 555 555 0100', 'not-a-number', ''].map((phone) => ({ ...ADA, phone })),
    opening: [],
    mustSay: smsMustSay,
    subject: false,
  },
};

export type NotifierHarness = {
  notifier: Notifier;
  /** Another adapter on the same destination, as a restarted process would have. */
  restart: () => Promise<Notifier>;
  deliveries: () => Delivery[];
  /** The next delivery fails as a passing outage would. */
  failNextDelivery: () => void;
  close: () => Promise<void>;
};

/** One suite, run against every Notifier adapter; `medium` says what the adapter delivers. */
export const notifierContract = (adapterName: string, open: () => Promise<NotifierHarness>, mediumName: Medium = 'email') => {
  const medium = media[mediumName];
  describe(`Notifier contract: ${adapterName}`, () => {
    let harness: NotifierHarness;
    let notifier: Notifier;
    /** A message to the medium's recipient. */
    const message = <K extends NotificationKind>(kind: K, overrides: Parameters<typeof notification<K>>[1] = {}) =>
      notification(kind, { to: medium.to, ...overrides });

    beforeEach(async () => {
      harness = await open();
      notifier = harness.notifier;
    });
    afterEach(() => harness.close());

    it.each(notificationKinds)('delivers a %s message once, to the recipient, with its template', async (kind) => {
      const sent = message(kind);
      const { messageId } = await notifier.send(sent);
      const deliveries = harness.deliveries();
      expect(deliveries).toHaveLength(1);
      const [delivery] = deliveries;
      expect(delivery).toMatchObject({ messageId, to: medium.address, subject: medium.subject ? renderNotification(sent).subject : '' });
      if (medium.subject) expect(delivery!.subject).toContain(ORDER_ID);
      for (const text of [...medium.opening, ORDER_ID, ...medium.mustSay[kind]]) expect(delivery!.text).toContain(text);
    });

    it('answers a repeat of the same key with the same messageId and delivers once', async () => {
      const sent = message('shipped');
      const [first, second] = await Promise.all([notifier.send(sent), notifier.send({ ...sent })]);
      const third = await notifier.send({ ...sent });
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([first.messageId]);
    });

    it('sends different keys as different messages', async () => {
      const a = await notifier.send(message('delivered'));
      const b = await notifier.send(message('delivered'));
      expect(a.messageId).not.toBe(b.messageId);
      expect(harness.deliveries()).toHaveLength(2);
    });

    it('derives the messageId from the key, so a send repeated after a restart is recognisable', async () => {
      const sent = message('confirmation');
      const first = await notifier.send(sent);
      const restarted = await harness.restart();
      const second = await restarted.send(sent);
      expect(second.messageId).toBe(first.messageId);
      expect(first.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([first.messageId, first.messageId]);
    });

    it.each(medium.invalid.map((to) => [mediumName === 'sms' ? to.phone : to.email, to] as const))(
      'refuses recipient %p as permanently invalid, sending nothing',
      async (address, to) => {
        const error = await notifier.send(message('confirmation', { to })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidRecipient);
        expect(error).toMatchObject({ code: 'NOTIFY.INVALID_RECIPIENT', address });
        expect(isTransient(error)).toBe(false);
        expect(harness.deliveries()).toEqual([]);
      },
    );

    it('fails transiently in an outage, remembers nothing, and the retry with the same key delivers once', async () => {
      const sent = message('payment_failed');
      harness.failNextDelivery();
      const error = await notifier.send(sent).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotificationFailed);
      expect(isTransient(error)).toBe(true);
      expect(harness.deliveries()).toEqual([]);

      const { messageId } = await notifier.send(sent);
      await notifier.send(sent);
      expect(harness.deliveries().map((d) => d.messageId)).toEqual([messageId]);
    });

    it('refuses a key reused for another kind or recipient', async () => {
      const sent = message('shipped');
      await notifier.send(sent);
      for (const reuse of [message('delivered', { idempotencyKey: sent.idempotencyKey }), { ...sent, to: medium.other }]) {
        const error = await notifier.send(reuse).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotificationRejected);
        expect(isTransient(error)).toBe(false);
      }
      expect(harness.deliveries()).toHaveLength(1);
    });
  });
};
