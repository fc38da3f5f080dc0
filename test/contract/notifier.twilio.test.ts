import pino from 'pino';
import { isTransient } from '../../src/infrastructure/port-error';
import { InvalidRecipient, NotificationFailed, NotificationRejected } from '../../src/infrastructure/notifications/notifier';
import { TwilioSmsNotifier } from '../../src/infrastructure/notifications/twilio-sms-notifier';
import { notifierContract } from './notifier.contract';
import { notification, ORDER_ID } from './notifier.fixtures';
import { startTwilioServer, TestTwilioServer } from './notifier.twilio-server';

const FROM = '+15005550006';
const ADA = { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+15555550100' };

let server: TestTwilioServer;
beforeAll(async () => {
  server = await startTwilioServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** A pino logger whose lines land in an array, parsed. */
const capturingLogger = (level = 'info') => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
};

const twilioNotifier = (options: { logger?: pino.Logger; authToken?: string; from?: string } = {}) =>
  new TwilioSmsNotifier({
    accountSid: server.accountSid,
    authToken: options.authToken ?? server.authToken,
    from: options.from ?? FROM,
    baseUrl: server.url,
    shopName: 'Teashop',
    logger: options.logger ?? capturingLogger().logger,
  });

notifierContract(
  'twilio sms',
  async () => {
    // Twilio knows its message SIDs, the adapter its message ids: the log line of each send joins them.
    const { logger, lines } = capturingLogger();
    const open = [twilioNotifier({ logger })];
    return {
      notifier: open[0]!,
      restart: async () => {
        const fresh = twilioNotifier({ logger });
        open.push(fresh);
        return fresh;
      },
      deliveries: () =>
        server.received.map((sms) => ({
          messageId: String(lines.find((line) => line.sid === sms.sid)?.messageId ?? ''),
          to: sms.to,
          subject: '',
          text: sms.body,
        })),
      failNextDelivery: () => server.refuse('*', 503, 20500, 'Service Unavailable', 1),
      close: async () => {
        await Promise.all(open.map((n) => n.close()));
      },
    };
  },
  'sms',
);

describe('TwilioSmsNotifier against a server answering as Twilio does', () => {
  it('posts To, From and a short Body with Basic auth, and logs the number masked', async () => {
    const { logger, lines } = capturingLogger();
    const { messageId } = await twilioNotifier({ logger }).send(notification('shipped', { to: ADA }));
    expect(server.received).toEqual([
      { sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), to: ADA.phone, from: FROM, messagingServiceSid: null, body: expect.stringContaining(`Teashop: Order ${ORDER_ID} has shipped`) },
    ]);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'notification sent', kind: 'shipped', to: '+15***00', messageId, sid: server.received[0]!.sid, status: 'queued' }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/5555550100|ada@example\.com|Ada/);
    expect(JSON.stringify(lines)).not.toContain(server.authToken);
  });

  it('sends through a Messaging Service when the sender is one', async () => {
    const service = `MG${'a'.repeat(32)}`;
    await twilioNotifier({ from: service }).send(notification('delivered', { to: ADA }));
    expect(server.received[0]).toMatchObject({ from: null, messagingServiceSid: service });
  });

  it.each([
    [21211, "Invalid 'To' Phone Number: +15555550100"],
    [21614, "'To' number is not a valid mobile number"],
  ])('makes Twilio error %i a permanent InvalidRecipient', async (code, message) => {
    server.refuse(ADA.phone, 400, code, message);
    const error = await twilioNotifier().send(notification('shipped', { to: ADA })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecipient);
    expect(error).toMatchObject({ address: ADA.phone, message: expect.stringContaining(`code ${code}`) });
    expect(isTransient(error)).toBe(false);
  });

  it.each([
    [429, 20429, 'Too Many Requests'],
    [500, 20500, 'Internal Server Error'],
    [503, 20503, 'Service Unavailable'],
  ])('makes %i a transient NotificationFailed', async (status, code, message) => {
    server.refuse(ADA.phone, status, code, message, 1);
    const notifier = twilioNotifier();
    const sent = notification('shipped', { to: ADA });
    const error = await notifier.send(sent).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(error).toMatchObject({ details: { responseCode: status, providerCode: code } });
    expect(isTransient(error)).toBe(true);
    await notifier.send(sent);
    expect(server.received).toHaveLength(1);
  });

  it('says clearly in the log when Twilio refuses the credentials, never showing the token', async () => {
    const { logger, lines } = capturingLogger();
    const error = await twilioNotifier({ logger, authToken: 'wrong-token' }).send(notification('shipped', { to: ADA })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(error).toMatchObject({ details: { responseCode: 401, providerCode: 20003 } });
    expect(lines).toEqual([expect.objectContaining({ level: 50, msg: expect.stringContaining('OMS_TWILIO_AUTH_TOKEN') })]);
    expect(JSON.stringify(lines)).not.toContain('wrong-token');
  });

  it('makes any other refusal of the request permanent', async () => {
    server.refuse(ADA.phone, 400, 21602, 'Message body is required.');
    const error = await twilioNotifier().send(notification('shipped', { to: ADA })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationRejected);
    expect(isTransient(error)).toBe(false);
  });

  it('turns an unreachable server into a transient NotificationFailed', async () => {
    const probe = await startTwilioServer();
    await probe.close();
    const unreachable = new TwilioSmsNotifier({ accountSid: probe.accountSid, authToken: probe.authToken, from: FROM, baseUrl: probe.url, logger: capturingLogger().logger });
    const error = await unreachable.send(notification('confirmation', { to: ADA })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotificationFailed);
    expect(isTransient(error)).toBe(true);
  });
});
