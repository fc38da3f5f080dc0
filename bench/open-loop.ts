import http from 'node:http';

/** POSTs JSON (a value, or text already encoded) over a given agent; fetch's own pool cannot be bounded without another dependency. */
export const postJson = (url: string, agent: http.Agent, apiKey: string, body: unknown): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          (response.statusCode ?? 500) >= 300 ? reject(new Error(`POST ${url}: ${response.statusCode} ${Buffer.concat(chunks).toString()}`)) : resolve(),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });

export type Schedule = {
  count: number;
  perSecond: number;
  /** Kept-alive sockets, as a load balancer in front would hold: a socket per request would flood the listen queue. */
  sockets: number;
  send: (index: number, agent: http.Agent) => Promise<void>;
  onPlanned?: (index: number, plannedAt: number) => void;
};

/**
 * Open loop: request i is sent at start + i / perSecond whether or not the
 * earlier ones were answered, and its latency counts from that planned
 * instant (also while it waits for a socket), so a server that falls behind
 * shows it instead of slowing the load down. Answers every request's
 * latency in ms, planned instant to answer.
 */
export async function sendOnSchedule({ count, perSecond, sockets, send, onPlanned }: Schedule): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const started = performance.now();
  const plannedAt = (index: number) => started + (index * 1000) / perSecond;
  const answered: Promise<number>[] = [];
  try {
    for (let next = 0; next < count; ) {
      for (const now = performance.now(); next < count && plannedAt(next) <= now; next++) {
        const planned = plannedAt(next);
        onPlanned?.(next, planned);
        answered.push(send(next, agent).then(() => performance.now() - planned));
      }
      if (next < count) await new Promise((resolve) => setTimeout(resolve, Math.max(0, plannedAt(next) - performance.now())));
    }
    return await Promise.all(answered);
  } finally {
    agent.destroy();
  }
}
