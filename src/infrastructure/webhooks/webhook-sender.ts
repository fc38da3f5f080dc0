import { Agent, fetch } from 'undici';
import { addressInUrl, receiverLookup, ReceiverNetworks, RefusedReceiver, refusedAddress } from './receiver-address';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

export type SendOutcome = { delivered: boolean; responseStatus: number | null; error: string | null };

export type SignedPost = { url: string; body: string; secret: string; at: Date; timeoutMs: number };

/** Sends one signed POST to a receiver. */
export type SendSigned = (post: SignedPost) => Promise<SendOutcome>;

/**
 * A sender that reaches only the networks given: an address written in the
 * URL is checked before connecting, a host name at every connection, on the
 * addresses it resolves to.
 */
export const signedPoster = (networks: ReceiverNetworks): SendSigned => {
  const dispatcher = new Agent({ connect: { lookup: receiverLookup(networks) } });
  return (post) => {
    const address = addressInUrl(new URL(post.url));
    const refused = address === null ? null : refusedAddress(address, networks);
    if (refused) return Promise.resolve({ delivered: false, responseStatus: null, error: `request refused: ${refused}` });
    return postSigned(post, dispatcher);
  };
};

/**
 * POSTs one signed webhook. Any 2xx answer delivers it; any other answer, a
 * redirect included (a receiver moved is a configuration to fix, not a hop
 * to follow with the signature), a refusal or a timeout is a failed attempt.
 */
async function postSigned({ url, body, secret, at, timeoutMs }: SignedPost, dispatcher: Agent): Promise<SendOutcome> {
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
      dispatcher,
    });
    // The receiver's answer is not read further; releasing it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const delivered = response.status >= 200 && response.status < 300;
    return { delivered, responseStatus: response.status, error: delivered ? null : `answered ${response.status}` };
  } catch (error) {
    // Not `instanceof Error`: fetch may throw a DOMException from another realm.
    const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: { code?: unknown } };
    if (name === 'TimeoutError' || name === 'AbortError') return { delivered: false, responseStatus: null, error: `no answer within ${timeoutMs} ms` };
    if (cause instanceof RefusedReceiver) return { delivered: false, responseStatus: null, error: `request refused: ${cause.message}` };
    const reason = typeof cause?.code === 'string' ? cause.code : typeof message === 'string' ? message : 'unknown error';
    return { delivered: false, responseStatus: null, error: `request failed: ${reason}` };
  }
}
