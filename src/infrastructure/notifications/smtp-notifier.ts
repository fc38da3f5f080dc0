import nodemailer from 'nodemailer';
import { createLogger, Logger } from '../observability/logger';
import {
  checkRecipient,
  domainOf,
  InvalidRecipient,
  messageIdFor,
  Notification,
  NotificationFailed,
  Notifier,
  NotifierError,
  SendResult,
} from './notifier';
import { maskedRecipient } from './masked-recipient';
import { SendOnce } from './send-once';
import { RenderOptions, renderNotification } from './templates';

export type SmtpNotifierOptions = RenderOptions & {
  /** smtp://host:port, smtps://user:pass@host:465, ... */
  url: string;
  /** Sender, e.g. `orders@shop.example` or `Shop <orders@shop.example>`; its domain names the Message-IDs. */
  from: string;
  logger?: Logger;
  /** To connect and to get the greeting. Default 10 s. */
  connectionTimeoutMs?: number;
  /** Of inactivity mid-conversation. Default 30 s. */
  socketTimeoutMs?: number;
};

/** The parts of a nodemailer error that say what went wrong. */
type SmtpErrorLike = { message?: string; code?: string; command?: string; responseCode?: number };

/**
 * Which port error a nodemailer failure is: a recipient the server refuses
 * for good (5xx to RCPT TO, except 503 which is a session state problem) or
 * an address nodemailer cannot use is an InvalidRecipient; anything else
 * (connection, timeout, 4xx, a refused sender or message) may pass on a
 * retry or after an operator fixes the relay, so it is a NotificationFailed.
 */
export const classifySmtpError = (error: unknown, email: string): NotifierError => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  const message = e.message ?? String(error);
  const code = e.responseCode;
  if (e.code === 'EENVELOPE' && e.command === 'RCPT TO' && code !== undefined && code >= 500 && code < 600 && code !== 503) {
    return new InvalidRecipient(email, `refused by the mail server: ${message}`, { cause: error });
  }
  if (e.code === 'EENVELOPE' && e.command === 'API' && /recipient/i.test(message)) {
    return new InvalidRecipient(email, message, { cause: error });
  }
  return new NotificationFailed(
    `smtp send failed: ${message}`,
    { ...(e.code !== undefined && { smtpCode: e.code }), ...(code !== undefined && { responseCode: code }) },
    { cause: error },
  );
};

/**
 * Sends through an SMTP relay, one connection per message (notifications are
 * few; nothing stays open between jobs). The Message-ID derives from the
 * idempotency key, so a send repeated after a restart is recognisable;
 * within the process repeats are not sent again.
 */
export class SmtpNotifier implements Notifier {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;
  private readonly logger: Logger;
  private readonly domain: string;
  private readonly once = new SendOnce();
  private closed = false;

  constructor(private readonly options: SmtpNotifierOptions) {
    const connectionTimeout = options.connectionTimeoutMs ?? 10_000;
    this.transport = nodemailer.createTransport({
      url: options.url,
      connectionTimeout,
      greetingTimeout: connectionTimeout,
      socketTimeout: options.socketTimeoutMs ?? 30_000,
    });
    this.logger = options.logger ?? createLogger();
    this.domain = domainOf(options.from);
  }

  async send(notification: Notification): Promise<SendResult> {
    if (this.closed) throw new NotificationFailed('smtp notifier is closed');
    checkRecipient(notification.to);
    return this.once.run(notification, async () => {
      const { subject, text, html } = renderNotification(notification, this.options);
      const messageId = messageIdFor(notification.idempotencyKey, this.domain);
      const { kind, to, order } = notification;
      try {
        await this.transport.sendMail({
          from: this.options.from,
          to: to.name?.trim() ? { name: to.name.trim(), address: to.email } : to.email,
          subject,
          text,
          html,
          messageId,
        });
      } catch (error) {
        const failure = classifySmtpError(error, to.email);
        this.logger.warn({ kind, to: maskedRecipient(to.email), messageId, orderId: order.orderId, err: failure }, 'notification failed');
        throw failure;
      }
      this.logger.info({ kind, to: maskedRecipient(to.email), subject, messageId, orderId: order.orderId }, 'notification sent');
      return { messageId };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.transport.close();
  }
}
