import { createHmac, timingSafeEqual } from 'node:crypto';

export type DigestEncoding = 'base64' | 'hex';

/** HMAC-SHA256 of the exact bytes received, as a platform signs a webhook body. */
export const hmacSha256 = (secret: string | Buffer, payload: Buffer | string, encoding: DigestEncoding): string =>
  createHmac('sha256', secret).update(payload).digest(encoding);

/**
 * Whether `presented` is the HMAC-SHA256 of `payload` under `secret`. The
 * comparison takes the same time wherever the first differing byte is, so a
 * caller cannot find a valid signature byte by byte; a missing or malformed
 * signature is simply not valid.
 */
export const hasValidHmacSha256 = (
  secret: string | Buffer,
  payload: Buffer | string,
  presented: string | undefined,
  encoding: DigestEncoding,
): boolean => {
  if (presented === undefined || presented.length === 0) return false;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(presented.trim(), encoding);
  return given.length === expected.length && timingSafeEqual(given, expected);
};
