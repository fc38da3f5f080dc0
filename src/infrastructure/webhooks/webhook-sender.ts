import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export type SendOutcome = { delivered: boolean; responseStatus: number | null; error: string | null };

export type SignedPost = { url: string; body: string; secret: string; at: Date; timeoutMs: number };

/**
 * POSTs one signed webhook. Any 2xx answer delivers it; any other answer, a
 * redirect included (a receiver moved is a configuration to fix, not a hop
 * to follow with the signature), a refusal or a timeout is a failed attempt.
 */
export async function postSigned({ url, body, secret, at, timeoutMs }: SignedPost): Promise<SendOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'oms-webhooks',
        [SIGNATURE_HEADER]: signatureHeader(secret, Math.floor(at.getTime() / 1000), body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The receiver's answer is not read further; releasing it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, responseStatus: response.status, error: delivered ? null : `answered ${response.status}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return { delivered: false, responseStatus: null, error: timedOut ? `no answer within ${timeoutMs} ms` : describe(error) };
  }
}

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return 'request failed';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? `request failed: ${cause.code}` : `request failed: ${error.message}`;
};
