import { hasValidHmacSha256 } from '../../http/webhook-signature';

const PREFIX = 'hmac-sha256-hex=';

/**
 * Whether EasyPost signed these bytes: `X-Hmac-Signature` is
 * `hmac-sha256-hex=<hex>`, the HMAC-SHA256 of the body as sent under the
 * webhook secret, which EasyPost NFKD-normalises before use.
 */
export const isSignedByEasyPost = (secret: string, rawBody: Buffer, header: string | string[] | undefined): boolean => {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !value.toLowerCase().startsWith(PREFIX)) return false;
  return hasValidHmacSha256(Buffer.from(secret.normalize('NFKD'), 'utf8'), rawBody, value.slice(PREFIX.length), 'hex');
};
