import { ChannelRejected, ChannelUnavailable } from './channel-orders';
import { parseJsonOr } from '../parse-json';

export type ChannelAnswer = { status: number; body: unknown };

/**
 * One call to a storefront's REST API. Throws what every platform has in
 * common: no answer, 429 and 5xx are transient; 401 and 403 are refused
 * credentials. Any other answer is returned, its body parsed when it is JSON.
 */
export async function callChannel(
  platformName: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: {
    fetch: typeof fetch;
    timeoutMs: number;
    /** How the platform's error bodies read best in a message (default: the body, cut short). */
    describeBody?: (body: unknown) => string;
  },
): Promise<ChannelAnswer> {
  let response: Response;
  try {
    response = await options.fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (error) {
    throw new ChannelUnavailable(`${platformName} did not answer`, null, { cause: error });
  }
  if (response.status === 429 || response.status >= 500) {
    throw new ChannelUnavailable(`${platformName} answered ${response.status}`, retryAfterOf(response.headers.get('retry-after')));
  }
  const text = await response.text();
  const body = parseJsonOr(text, text);
  if (response.status === 401 || response.status === 403) {
    throw new ChannelRejected(`${platformName} refused the credentials (${response.status}): ${(options.describeBody ?? describe)(body)}`, response.status);
  }
  return { status: response.status, body };
}

/** A short, secret-free summary of an error body, for messages and logs. */
export const describe = (body: unknown): string => (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 300);

/** `Retry-After` in seconds, given as seconds or as an HTTP date; null when absent or unreadable. */
const retryAfterOf = (header: string | null): number | null => {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
};
