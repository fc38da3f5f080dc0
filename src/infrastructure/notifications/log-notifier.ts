import { createLogger, Logger } from '../observability/logger';
import {
  checkRecipient,
  messageIdFor,
  Notification,
  NotificationFailed,
  NotificationKind,
  Notifier,
  Recipient,
  SendResult,
} from './notifier';
import { maskedRecipient } from './masked-recipient';
import { SendOnce } from './send-once';
import { RenderOptions, renderNotification } from './templates';

export type SentNotification = {
  messageId: string;
  idempotencyKey: string;
  kind: NotificationKind;
  to: Recipient;
  orderId: string;
  subject: string;
  text: string;
  html: string;
  sentAt: string;
};

export type LogNotifierOptions = RenderOptions & {
  logger?: Logger;
  /** How many sent messages `sent()` keeps. Default 100. */
  keep?: number;
  /** Domain of the Message-IDs. Default oms.local. */
  domain?: string;
  now?: () => Date;
};

/**
 * The default notifier: "sends" by writing one structured log line per
 * message, and keeps the latest messages for tests and the dev console.
 */
export class LogNotifier implements Notifier {
  private readonly logger: Logger;
  private readonly keep: number;
  private readonly domain: string;
  private readonly now: () => Date;
  private readonly once = new SendOnce();
  private readonly recent: SentNotification[] = [];
  private outageSends = 0;

  constructor(private readonly options: LogNotifierOptions = {}) {
    this.logger = options.logger ?? createLogger();
    this.keep = options.keep ?? 100;
    this.domain = options.domain ?? 'oms.local';
    this.now = options.now ?? (() => new Date());
  }

  /** Test hook: the next `sends` new messages fail with NotificationFailed and are not sent. */
  simulateOutage(sends = 1): void {
    this.outageSends += sends;
  }

  /** The latest messages sent, oldest first. */
  sent(): SentNotification[] {
    return this.recent.map((message) => ({ ...message }));
  }

  async send(notification: Notification): Promise<SendResult> {
    checkRecipient(notification.to);
    return this.once.run(notification, async () => {
      if (this.outageSends > 0) {
        this.outageSends -= 1;
        throw new NotificationFailed('log notifier: simulated outage');
      }
      const { subject, text, html } = renderNotification(notification, this.options);
      const messageId = messageIdFor(notification.idempotencyKey, this.domain);
      const { idempotencyKey, kind, to, order } = notification;
      this.logger.info({ kind, to: maskedRecipient(to.email), subject, messageId, orderId: order.orderId }, 'notification sent');
      this.logger.debug({ messageId, to: to.email }, 'notification recipient');
      this.recent.push({
        messageId,
        idempotencyKey,
        kind,
        to: { ...to },
        orderId: order.orderId,
        subject,
        text,
        html,
        sentAt: this.now().toISOString(),
      });
      if (this.recent.length > this.keep) this.recent.splice(0, this.recent.length - this.keep);
      return { messageId };
    });
  }

  async close(): Promise<void> {}
}
