import { NotifyBy } from '../../domain/order/order.values';
import { isTransient } from '../port-error';
import { Logger } from '../observability/logger';
import { Medium, Notification, Notifier, SendResult } from './notifier';

const MEDIA: Record<NotifyBy, Medium[]> = { email: ['email'], sms: ['sms'], both: ['email', 'sms'] };

/**
 * Sends each notification by the media its customer chose (`to.notify`,
 * email when unset): the email under the notification's idempotency key, the
 * SMS under `<key>:sms`, so each medium delivers once per event however often
 * the job runs. When SMS is not configured, or refuses an SMS-only
 * customer's number for good, the customer gets the email. A medium that
 * fails for good while the other delivered is logged and the notification
 * counts as sent; a passing failure fails it all, and the retry sends only
 * what is missing (each adapter remembers what it sent).
 */
export class MediaNotifier implements Notifier {
  constructor(
    private readonly media: { email: Notifier; sms: Notifier | null },
    private readonly logger: Logger,
  ) {}

  async send(notification: Notification): Promise<SendResult> {
    const wanted = MEDIA[notification.to.notify ?? 'email'];
    const media = this.media.sms ? wanted : (['email'] as Medium[]);
    if (media !== wanted) {
      this.logger.warn({ kind: notification.kind, orderId: notification.order.orderId }, 'the customer asked for SMS, which is not configured: sending email');
    }
    const outcomes = await Promise.allSettled(media.map((medium) => this.sendBy(medium, notification)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    const passing = failures.find(isTransient);
    if (passing !== undefined) throw passing;
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') {
        this.logger.warn({ kind: notification.kind, orderId: notification.order.orderId, medium: media[i], err: outcome.reason }, 'notification not sent by this medium');
      }
    });
    const delivered = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    if (delivered.length > 0) return delivered[0]!;
    if (!media.includes('email')) return this.sendBy('email', notification);
    throw failures[0];
  }

  private sendBy(medium: Medium, notification: Notification): Promise<SendResult> {
    if (medium === 'email') return this.media.email.send(notification);
    return this.media.sms!.send({ ...notification, idempotencyKey: `${notification.idempotencyKey}:sms` });
  }

  async close(): Promise<void> {
    await Promise.all([this.media.email.close(), this.media.sms?.close()]);
  }
}
