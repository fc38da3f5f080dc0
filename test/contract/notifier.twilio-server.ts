import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as Twilio took it. */
export type ReceivedSms = { sid: string; to: string; from: string | null; messagingServiceSid: string | null; body: string };

type Refusal = { status: number; code: number; message: string; times: number };

export type TestTwilioServer = {
  url: string;
  accountSid: string;
  authToken: string;
  received: ReceivedSms[];
  /** The next `times` messages to `to` (or to any number, for '*') get this error answer. */
  refuse(to: string, status: number, code: number, message: string, times?: number): void;
  reset(): void;
  close(): Promise<void>;
};

const E164 = /^\+[1-9][0-9]{1,14}$/;

const errorBody = (status: number, code: number, message: string) => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

/**
 * Answers POST /2010-04-01/Accounts/{AccountSid}/Messages.json as Twilio's
 * API reference shows: HTTP Basic auth with the account SID and auth token
 * (401, code 20003 otherwise), a form-encoded To, Body and From or
 * MessagingServiceSid; 201 with the Message resource (status "queued"), or
 * an error body {code, message, more_info, status} (400 / 21211 for a "To"
 * that is not a phone number).
 */
export async function startTwilioServer(): Promise<TestTwilioServer> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  const received: ReceivedSms[] = [];
  let refusals = new Map<string, Refusal>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Twilio-Request-Id': `RQ${randomBytes(16).toString('hex')}` });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        return answer(404, errorBody(404, 20404, `The requested resource ${req.url} was not found`));
      }
      if (req.headers.authorization !== `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`) {
        res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
        return answer(401, errorBody(401, 20003, 'Authenticate'));
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To') ?? '';
      const refusal = refusals.get(to) ?? refusals.get('*');
      if (refusal) {
        refusal.times -= 1;
        if (refusal.times <= 0) refusals.delete(refusals.has(to) ? to : '*');
        return answer(refusal.status, errorBody(refusal.status, refusal.code, refusal.message));
      }
      if (!form.get('Body')) return answer(400, errorBody(400, 21602, 'Message body is required.'));
      if (!E164.test(to)) return answer(400, errorBody(400, 21211, `Invalid 'To' Phone Number: ${to}`));
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      if (!from && !messagingServiceSid) return answer(400, errorBody(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"));
      const sid = `SM${randomBytes(16).toString('hex')}`;
      received.push({ sid, to, from, messagingServiceSid, body: form.get('Body')! });
      const now = new Date().toUTCString().replace('GMT', '+0000');
      answer(201, {
        account_sid: accountSid,
        api_version: '2010-04-01',
        body: form.get('Body'),
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from: from ?? null,
        messaging_service_sid: messagingServiceSid,
        num_media: '0',
        num_segments: messagingServiceSid ? '0' : '1',
        price: null,
        price_unit: 'USD',
        sid,
        status: messagingServiceSid ? 'accepted' : 'queued',
        subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
        to,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    received,
    refuse(to, status, code, message, times = Number.POSITIVE_INFINITY) {
      refusals.set(to, { status, code, message, times });
    },
    reset() {
      received.length = 0;
      refusals = new Map();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
