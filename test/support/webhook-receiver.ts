import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { headers: http.IncomingHttpHeaders; body: string; parsed: { id: string; type: string; occurredAt: string; data: Record<string, unknown> } };

/** What the receiver does with one request: answer with a status, or never answer (a timeout). */
export type Answer = number | 'hang';

/**
 * A webhook receiver on a loopback port: it keeps every request and answers
 * as `answer` says (200 unless told otherwise), so a test can make it fail,
 * time out and recover.
 */
export async function startReceiver() {
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<http.ServerResponse>();
  let answer: (webhook: ReceivedWebhook, index: number) => Answer = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const webhook = { headers: req.headers, body, parsed: JSON.parse(body) as ReceivedWebhook['parsed'] };
      received.push(webhook);
      const status = answer(webhook, received.length - 1);
      if (status === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answerWith(next: (webhook: ReceivedWebhook, index: number) => Answer) {
      answer = next;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
