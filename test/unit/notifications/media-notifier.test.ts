import { isTransient } from '../../../src/infrastructure/port-error';
import { MediaNotifier } from '../../../src/infrastructure/notifications/media-notifier';
import {
  InvalidRecipient,
  messageIdFor,
  Notification,
  NotificationFailed,
  Notifier,
  NotifierError,
  Recipient,
} from '../../../src/infrastructure/notifications/notifier';
import { SendOnce } from '../../../src/infrastructure/notifications/send-once';
import { silentLogger } from '../../../src/infrastructure/observability/logger';
import { notification } from '../../contract/notifier.fixtures';

/** A medium that records what it delivered and fails as told; repeats of a key deliver once, as every adapter does. */
class FakeMedium implements Notifier {
  readonly delivered: string[] = [];
  private readonly once = new SendOnce();
  private failures: NotifierError[] = [];

  constructor(private readonly domain: string) {}

  failNext(...errors: NotifierError[]) {
    this.failures.push(...errors);
  }

  send(n: Notification) {
    return this.once.run(n, async () => {
      const failure = this.failures.shift();
      if (failure) throw failure;
      this.delivered.push(n.idempotencyKey);
      return { messageId: messageIdFor(n.idempotencyKey, this.domain) };
    });
  }

  async close() {}
}

const to = (notify?: Recipient['notify']): Recipient => ({ email: 'ada@example.com', name: 'Ada', phone: '+15555550100', notify });

describe('MediaNotifier', () => {
  let email: FakeMedium;
  let sms: FakeMedium;
  let notifier: MediaNotifier;
  beforeEach(() => {
    email = new FakeMedium('mail.test');
    sms = new FakeMedium('sms.test');
    notifier = new MediaNotifier({ email, sms }, silentLogger());
  });

  it.each([
    [undefined, ['k'], []],
    ['email', ['k'], []],
    ['sms', [], ['k:sms']],
    ['both', ['k'], ['k:sms']],
  ] as const)('sends notify=%p by the media the customer chose, each under its own key', async (notify, byEmail, bySms) => {
    await notifier.send(notification('shipped', { idempotencyKey: 'k', to: to(notify) }));
    expect({ email: email.delivered, sms: sms.delivered }).toEqual({ email: byEmail, sms: bySms });
  });

  it('fails as a whole on a passing SMS failure, and the retry sends only the SMS', async () => {
    sms.failNext(new NotificationFailed('twilio answered 503'));
    const message = notification('shipped', { idempotencyKey: 'k', to: to('both') });
    const error = await notifier.send(message).catch((e: unknown) => e);
    expect(isTransient(error)).toBe(true);
    const { messageId } = await notifier.send(message);
    expect({ email: email.delivered, sms: sms.delivered }).toEqual({ email: ['k'], sms: ['k:sms'] });
    expect(messageId).toBe(messageIdFor('k', 'mail.test'));
  });

  it('counts the notification sent when one medium refuses for good and the other delivered', async () => {
    sms.failNext(new InvalidRecipient('+15555550100', 'landline'));
    await expect(notifier.send(notification('shipped', { idempotencyKey: 'k', to: to('both') }))).resolves.toEqual({
      messageId: messageIdFor('k', 'mail.test'),
    });
  });

  it('emails an SMS-only customer whose number is refused for good', async () => {
    sms.failNext(new InvalidRecipient('+15555550100', 'landline'));
    await notifier.send(notification('shipped', { idempotencyKey: 'k', to: to('sms') }));
    expect({ email: email.delivered, sms: sms.delivered }).toEqual({ email: ['k'], sms: [] });
  });

  it('emails SMS customers when SMS is not configured', async () => {
    const emailOnly = new MediaNotifier({ email, sms: null }, silentLogger());
    await emailOnly.send(notification('shipped', { idempotencyKey: 'a', to: to('sms') }));
    await emailOnly.send(notification('shipped', { idempotencyKey: 'b', to: to('both') }));
    expect(email.delivered).toEqual(['a', 'b']);
  });

  it('passes on a permanent failure when every medium failed', async () => {
    email.failNext(new InvalidRecipient('ada@example.com', 'no such user'));
    const error = await notifier.send(notification('shipped', { to: to('email') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecipient);
  });
});
