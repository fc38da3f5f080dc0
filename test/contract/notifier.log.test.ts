import pino from 'pino';
import { LogNotifier } from '../../src/infrastructure/notifications/log-notifier';
import { notifierContract } from './notifier.contract';
import { notification, ORDER_ID } from './notifier.fixtures';

/** A pino logger whose lines land in an array, parsed. */
const capturingLogger = (level = 'info') => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
};

notifierContract('log', async () => {
  const { logger, lines } = capturingLogger();
  const notifier = new LogNotifier({ logger });
  const restarted: LogNotifier[] = [];
  const deliveries = () =>
    lines
      .filter((line) => line.msg === 'notification sent')
      .map((line) => {
        const sent = [notifier, ...restarted].flatMap((n) => n.sent()).find((m) => m.messageId === line.messageId);
        return { messageId: String(line.messageId), to: sent?.to.email ?? '', subject: String(line.subject), text: sent?.text ?? '' };
      });
  return {
    notifier,
    restart: async () => {
      const fresh = new LogNotifier({ logger });
      restarted.push(fresh);
      return fresh;
    },
    deliveries,
    failNextDelivery: () => notifier.simulateOutage(),
    close: () => notifier.close(),
  };
});

describe('LogNotifier specifics', () => {
  it('writes one structured info line per message with kind, order id, subject, messageId and the recipient masked', async () => {
    const { logger, lines } = capturingLogger();
    const notifier = new LogNotifier({ logger, domain: 'shop.example' });
    const message = notification('shipped');
    const { messageId } = await notifier.send(message);
    await notifier.send(message);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'notification sent',
        kind: 'shipped',
        to: 'a***@example.com',
        subject: `Your order ${ORDER_ID} has shipped`,
        messageId,
        orderId: ORDER_ID,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('ada@example.com');
    expect(messageId).toMatch(/@shop\.example>$/);
  });

  it('names the full recipient at debug level only', async () => {
    const { logger, lines } = capturingLogger('debug');
    const { messageId } = await new LogNotifier({ logger }).send(notification('shipped'));
    expect(lines.filter((line) => JSON.stringify(line).includes('ada@example.com'))).toEqual([
      expect.objectContaining({ level: 20, messageId, to: 'ada@example.com' }),
    ]);
  });

  it('keeps the last N messages, oldest first, as copies', async () => {
    const { logger } = capturingLogger();
    const notifier = new LogNotifier({ logger, keep: 2, now: () => new Date('2026-05-01T12:00:00.000Z') });
    const kinds = ['confirmation', 'shipped', 'delivered'] as const;
    for (const kind of kinds) await notifier.send(notification(kind));
    const sent = notifier.sent();
    expect(sent.map((m) => m.kind)).toEqual(['shipped', 'delivered']);
    expect(sent[0]).toMatchObject({ to: { email: 'ada@example.com' }, orderId: ORDER_ID, sentAt: '2026-05-01T12:00:00.000Z' });
    expect(sent[0]!.html).toContain('<html>');
    sent.pop();
    expect(notifier.sent()).toHaveLength(2);
  });
});
