import { hasValidHmacSha256, hmacSha256 } from '../../../src/http/webhook-signature';

const body = Buffer.from('{"id":820982911946154508,"total_price":"199.65"}');

describe('webhook signatures', () => {
  it('accepts the HMAC-SHA256 of the exact bytes, in base64 and in hex', () => {
    expect(hasValidHmacSha256('s3cret', body, hmacSha256('s3cret', body, 'base64'), 'base64')).toBe(true);
    expect(hasValidHmacSha256('s3cret', body, hmacSha256('s3cret', body, 'hex'), 'hex')).toBe(true);
  });

  it('refuses a signature made with another secret, over other bytes, or in the other encoding', () => {
    const tampered = Buffer.from(body.toString().replace('199.65', '1.65'));
    expect(hasValidHmacSha256('s3cret', body, hmacSha256('other', body, 'base64'), 'base64')).toBe(false);
    expect(hasValidHmacSha256('s3cret', tampered, hmacSha256('s3cret', body, 'base64'), 'base64')).toBe(false);
    expect(hasValidHmacSha256('s3cret', body, hmacSha256('s3cret', body, 'hex'), 'base64')).toBe(false);
  });

  it('refuses a missing, empty or truncated signature without throwing', () => {
    const full = hmacSha256('s3cret', body, 'base64');
    expect(hasValidHmacSha256('s3cret', body, undefined, 'base64')).toBe(false);
    expect(hasValidHmacSha256('s3cret', body, '', 'base64')).toBe(false);
    expect(hasValidHmacSha256('s3cret', body, full.slice(0, 20), 'base64')).toBe(false);
    expect(hasValidHmacSha256('s3cret', body, 'not base64 at all!!', 'base64')).toBe(false);
  });
});
