import { isTransient } from '../../src/infrastructure/port-error';
import { InvalidRecipient, NotificationFailed, notificationKinds } from '../../src/infrastructure/notifications/notifier';
import { silentLogger } from '../../src/infrastructure/observability/logger';
import { SmtpNotifier } from '../../src/infrastructure/notifications/smtp-notifier';
import { renderNotification } from '../../src/infrastructure/notifications/templates';
import { notifierContract } from './notifier.contract';
import { mustSay, notification, ORDER_ID } from './notifier.fixtures';
import { startSmtpServer, TestSmtpServer } from './notifier.smtp-server';

const FROM = 'Shop <orders@shop.example>';

let server: TestSmtpServer;
beforeAll(async () => {
  server = await startSmtpServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const smtpNotifier = (url = server.url) => new SmtpNotifier({ url, from: FROM, logger: silentLogger() });

notifierContract('smtp', async () => {
  const open: SmtpNotifier[] = [smtpNotifier()];
  return {
    notifier: open[0]!,
    restart: async () => {
      const fresh = smtpNotifier();
      open.push(fresh);
      return fresh;
    },
    deliveries: () =>
      server.received.map((mail) => ({
        messageId: mail.headers.get('message-id') ?? '',
        to: mail.envelopeTo.join(','),
        subject: mail.headers.get('subject') ?? '',
        text: mail.text,
      })),
    failNextDelivery: () => server.refuse('ada@example.com', 451, 'Try again later', 1),
    close: async () => {
      await Promise.all(open.map((n) => n.close()));
    },
  };
});

describe('SmtpNotifier against a real SMTP server', () => {
  let notifier: SmtpNotifier;
  beforeEach(() => {
    notifier = smtpNotifier();
  });
  afterEach(() => notifier.close());

  it('sends every kind as one message with sender, recipient, subject, text and HTML', async () => {
    const messages = notificationKinds.map((kind) =>
      notification(kind, { to: { email: `${kind}@example.com`, name: 'Ada Lovelace' } }),
    );
    // Each twice, all at once: the server must still get each message once.
    const results = await Promise.all([...messages, ...messages].map((message) => notifier.send(message)));
    expect(server.received).toHaveLength(notificationKinds.length);

    messages.forEach((message, i) => {
      const mails = server.received.filter((m) => m.envelopeTo.join() === message.to.email);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      const { subject } = renderNotification(message);
      expect(mail!.headers.get('subject')).toBe(subject);
      expect(mail!.headers.get('message-id')).toBe(results[i]!.messageId);
      expect(mail!.headers.get('from')).toBe('Shop <orders@shop.example>');
      expect(mail!.headers.get('to')).toBe(`Ada Lovelace <${message.to.email}>`);
      for (const text of [ORDER_ID, ...mustSay[message.kind]]) expect(mail!.text).toContain(text);
      expect(mail!.html).toContain(`<title>${subject}</title>`);
    });
    const shipped = server.received.find((m) => m.envelopeTo.includes('shipped@example.com'))!;
    expect(shipped.text).toContain('Tracking number: SBX123456789012');
    expect(shipped.html).toContain('<th align="left">Tracking number</th><td>SBX123456789012</td>');
  });

  it('names Message-IDs after the sender domain', async () => {
    const { messageId } = await notifier.send(notification('delivered'));
    expect(messageId).toMatch(/^<notify\.[0-9a-f]{32}@shop\.example>$/);
  });

  it('turns a recipient the server refuses with 550 into a permanent InvalidRecipient', async () => {
    server.refuse('nobody@example.com', 550, 'No such user here');
    const error = await notifier
      .send(notification('shipped', { to: { email: 'nobody@example.com', name: null } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecipient);
    expect(error).toMatchObject({ address: 'nobody@example.com', message: expect.stringContaining('No such user here') });
    expect(isTransient(error)).toBe(false);
    expect(server.received).toEqual([]);
  });

  it('turns a recipient deferred with 452 into a transient NotificationFailed', async () => {
    server.refuse('full@example.com', 452, 'Mailbox full');
    const error = await notifier
      .send(notification('shipped', { to: { email: 'full@example.com', name: null } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(error).toMatchObject({ details: { smtpCode: 'EENVELOPE', responseCode: 452 } });
    expect(isTransient(error)).toBe(true);
  });

  it('turns an unreachable server into a transient NotificationFailed', async () => {
    const probe = await startSmtpServer();
    await probe.close(); // a port that was just free and now has nobody listening
    const unreachable = smtpNotifier(probe.url);
    const error = await unreachable.send(notification('confirmation')).catch((e: unknown) => e);
    await unreachable.close();
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(isTransient(error)).toBe(true);
  });

  it('refuses to send once closed', async () => {
    await notifier.close();
    await expect(notifier.send(notification('confirmation'))).rejects.toBeInstanceOf(NotificationFailed);
    expect(server.received).toEqual([]);
  });
});
