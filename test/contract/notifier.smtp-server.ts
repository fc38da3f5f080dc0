import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as a test reads it: envelope, top-level headers, decoded text and html parts. */
export type ReceivedMail = {
  envelopeTo: string[];
  headers: Map<string, string>;
  text: string;
  html: string;
};

const unfold = (head: string): Map<string, string> => {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
};

const decodeBody = (body: string, encoding: string | undefined): string => {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r\n/g, '')
        .split(/(=[0-9A-F]{2})/i)
        .map((piece) => (/^=[0-9A-F]{2}$/i.test(piece) ? Buffer.from([parseInt(piece.slice(1), 16)]) : Buffer.from(piece, 'utf8')));
      return Buffer.concat(bytes).toString('utf8');
    }
    default:
      return body;
  }
};

const split = (raw: string): { headers: Map<string, string>; body: string } => {
  const end = raw.indexOf('\r\n\r\n');
  return { headers: unfold(raw.slice(0, end)), body: raw.slice(end + 4) };
};

/** Just enough MIME to read what nodemailer writes: one part or one multipart/alternative. */
export const parseMail = (raw: string, envelopeTo: string[]): ReceivedMail => {
  const { headers, body } = split(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((part) => split(part.replace(/^\r\n/, '')))
    : [{ headers, body }];
  const partOf = (type: string) => {
    const part = parts.find((p) => (p.headers.get('content-type') ?? 'text/plain').startsWith(type));
    return part ? decodeBody(part.body.replace(/\r\n$/, ''), part.headers.get('content-transfer-encoding')) : '';
  };
  return { envelopeTo, headers, text: partOf('text/plain'), html: partOf('text/html') };
};

export type TestSmtpServer = {
  url: string;
  received: ReceivedMail[];
  /** Answers RCPT TO for `address` with `code` (e.g. 550 mailbox unknown, 451 try later). */
  refuse: (address: string, code: number, message: string, times?: number) => void;
  reset: () => void;
  close: () => Promise<void>;
};

/** A real SMTP server on a free local port: no auth, no STARTTLS, keeps what it receives. */
export const startSmtpServer = async (): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  let refusals: { address: string; code: number; message: string; times: number }[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.find((r) => r.address === address.address && r.times > 0);
      if (!refusal) return callback();
      refusal.times -= 1;
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo.map((a) => a.address);
        received.push(parseMail(Buffer.concat(chunks).toString('utf8'), rcpt));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (address, code, message, times = Number.POSITIVE_INFINITY) => refusals.push({ address, code, message, times }),
    reset: () => {
      received.length = 0;
      refusals = [];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
