import { signedPoster } from '../../../src/infrastructure/webhooks/webhook-sender';
import { Receiver, startReceiver } from '../../support/webhook-receiver';

describe('sending a webhook to the networks allowed', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => receiver.close());

  const post = (url: string) => ({ url, body: JSON.stringify({ id: 'd-1', type: 'order.placed', occurredAt: '2026-01-01T00:00:00.000Z', data: {} }), secret: 'a-secret-of-some-length', at: new Date(), timeoutMs: 2_000 });
  const byName = () => receiver.url.replace('127.0.0.1', 'localhost');

  it('delivers to a receiver on this machine when private networks are allowed, by address or by name', async () => {
    const send = signedPoster('public-and-private');
    expect(await send(post(receiver.url))).toEqual({ delivered: true, responseStatus: 200, error: null });
    expect(await send(post(byName()))).toEqual({ delivered: true, responseStatus: 200, error: null });
    expect(receiver.received).toHaveLength(2);
  });

  it('refuses a receiver at a loopback address without connecting, when only public networks are reached', async () => {
    const outcome = await signedPoster('public')(post(receiver.url));
    expect(outcome).toEqual({ delivered: false, responseStatus: null, error: expect.stringMatching(/^request refused: 127\.0\.0\.1 is a loopback address/) });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses a host name once it resolves to a loopback address, when only public networks are reached', async () => {
    const outcome = await signedPoster('public')(post(byName()));
    expect(outcome).toEqual({ delivered: false, responseStatus: null, error: expect.stringMatching(/^request refused: localhost resolves to .* loopback address/) });
    expect(receiver.received).toHaveLength(0);
  });

  it('never reaches a link-local address, whatever the networks allowed', async () => {
    const outcome = await signedPoster('public-and-private')(post('http://169.254.169.254/latest/meta-data'));
    expect(outcome).toMatchObject({ delivered: false, error: 'request refused: 169.254.169.254 is a link-local address, which webhooks do not reach' });
  });
});
