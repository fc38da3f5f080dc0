import { createLogger, Logger } from '../observability/logger';
import {
  InvalidRecipient,
  messageIdFor,
  Notification,
  NotificationFailed,
  NotificationRejected,
  Notifier,
  NotifierError,
  phoneOf,
  SendResult,
} from './notifier';
import { maskedPhone } from './masked-recipient';
import { SendOnce } from './send-once';
import { renderSms } from './sms-templates';
import { RenderOptions } from './templates';

export type TwilioSmsNotifierOptions = RenderOptions & {
  accountSid: string;
  authToken: string;
  /** The sending number in E.164 form, or a Messaging Service SID (MG...), which then picks the number. */
  from: string;
  /** Default https://api.twilio.com. */
  baseUrl?: string;
  logger?: Logger;
  /** For the whole request. Default 10 s. */
  timeoutMs?: number;
  /** Domain of the message ids. Default sms.oms.local. */
  domain?: string;
};

/** Twilio's error body: `{code, message, more_info, status}`. */
type TwilioError = { code?: number; message?: string };

/**
 * Twilio error codes that say the number itself cannot take the message:
 * 21211 invalid "To", 21614 not a mobile number, 21610 the recipient replied
 * STOP, 21612 a route Twilio cannot reach, 21408 a region the account may not
 * send to.
 */
const RECIPIENT_CODES: ReadonlySet<number> = new Set([21211, 21614, 21610, 21612, 21408]);

/**
 * Which port error a Twilio answer is: a number Twilio refuses for good is an
 * InvalidRecipient; 429, 5xx and refused credentials may pass later (Twilio
 * recovers, an operator fixes the token), so they are a NotificationFailed;
 * any other refusal of the request will be refused again: NotificationRejected.
 */
export const classifyTwilioError = (status: number, body: TwilioError, phone: string): NotifierError => {
  const reason = `twilio answered ${status}${body.code !== undefined ? ` (code ${body.code})` : ''}: ${body.message ?? 'no message'}`;
  if (status === 400 && body.code !== undefined && RECIPIENT_CODES.has(body.code)) return new InvalidRecipient(phone, reason);
  if (status === 429 || status >= 500 || status === 401 || status === 403) {
    return new NotificationFailed(reason, { responseCode: status, ...(body.code !== undefined && { providerCode: body.code }) });
  }
  return new NotificationRejected(reason);
};

const jsonOf = async (response: Response): Promise<Record<string, unknown>> => {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * Sends text messages through Twilio's Messages API. Twilio takes no
 * idempotency key, so repeats are caught in the process (SendOnce) and the
 * message id derives from the key, as with email.
 */
export class TwilioSmsNotifier implements Notifier {
  private readonly logger: Logger;
  private readonly once = new SendOnce();
  private readonly url: string;
  private readonly authorization: string;
  private readonly domain: string;
  private closed = false;

  constructor(private readonly options: TwilioSmsNotifierOptions) {
    this.logger = options.logger ?? createLogger();
    const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.domain = options.domain ?? 'sms.oms.local';
  }

  async send(notification: Notification): Promise<SendResult> {
    if (this.closed) throw new NotificationFailed('twilio sms notifier is closed');
    const phone = phoneOf(notification.to);
    return this.once.run(notification, async () => {
      const messageId = messageIdFor(notification.idempotencyKey, this.domain);
      const { kind, order } = notification;
      const log = { kind, to: maskedPhone(phone), messageId, orderId: order.orderId };
      const form = new URLSearchParams({ To: phone, Body: renderSms(notification, this.options) });
      form.set(/^MG[0-9a-f]{32}$/i.test(this.options.from) ? 'MessagingServiceSid' : 'From', this.options.from);
      let response: Response;
      try {
        response = await fetch(this.url, {
          method: 'POST',
          headers: { Authorization: this.authorization, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const failure = new NotificationFailed(`twilio unreachable: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
        this.logger.warn({ ...log, err: failure }, 'notification failed');
        throw failure;
      }
      const body = await jsonOf(response);
      if (!response.ok) {
        const failure = classifyTwilioError(response.status, body as TwilioError, phone);
        if (response.status === 401 || response.status === 403) {
          this.logger.error({ ...log, err: failure }, 'twilio refused the credentials: check OMS_TWILIO_ACCOUNT_SID and OMS_TWILIO_AUTH_TOKEN');
        } else {
          this.logger.warn({ ...log, err: failure }, 'notification failed');
        }
        throw failure;
      }
      this.logger.info({ ...log, sid: body.sid, status: body.status }, 'notification sent');
      this.logger.debug({ messageId, to: phone }, 'notification recipient');
      return { messageId };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
