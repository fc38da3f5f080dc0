import { LookupAddress } from 'node:dns';
import { receiverLookup, ReceiverNetworks, refusedAddress, refusedHost } from '../../../src/infrastructure/webhooks/receiver-address';

const PUBLIC: ReceiverNetworks = 'public';
const ANY: ReceiverNetworks = 'public-and-private';

describe('which addresses webhooks reach', () => {
  it.each([
    ['93.184.215.14', true, true],
    ['2606:4700:4700::1111', true, true],
    ['127.0.0.1', false, true],
    ['::1', false, true],
    ['10.1.2.3', false, true],
    ['172.16.0.9', false, true],
    ['192.168.1.20', false, true],
    ['100.64.0.1', false, true], // carrier-grade NAT
    ['fd00:ec2::254', false, true], // unique local: AWS's IPv6 metadata service, refused with private networks
    ['::ffff:127.0.0.1', false, true], // IPv4-mapped: judged as the IPv4 address it reaches
    ['::ffff:169.254.169.254', false, false],
    ['169.254.169.254', false, false], // cloud metadata services
    ['fe80::1', false, false],
    ['0.0.0.0', false, false], // reaches the machine itself
    ['::', false, false],
    ['224.0.0.1', false, false],
    ['255.255.255.255', false, false],
  ])('%s: public-only reaches it %s, with private networks %s', (address, publicOnly, withPrivate) => {
    expect(refusedAddress(address, PUBLIC) === null).toBe(publicOnly);
    expect(refusedAddress(address, ANY) === null).toBe(withPrivate);
  });

  it('says why an address is refused', () => {
    expect(refusedAddress('169.254.169.254', ANY)).toBe('169.254.169.254 is a link-local address, which webhooks do not reach');
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data', 'public-and-private', false],
    ['http://[fe80::1]:8080/hooks', 'public-and-private', false],
    ['http://127.0.0.1:9000/hooks', 'public-and-private', true],
    ['http://localhost:9000/hooks', 'public-and-private', true],
    ['http://127.0.0.1:9000/hooks', 'public', false],
    ['http://[::1]/hooks', 'public', false],
    ['http://0x7f.1/hooks', 'public', false], // the URL parser writes it 127.0.0.1
    ['http://localhost:9000/hooks', 'public', false],
    ['http://api.localhost/hooks', 'public', false],
    ['https://hooks.example.com/oms', 'public', true], // a name: judged by what it resolves to, when sent
  ] as const)('a subscription to %s under %s networks is taken: %s', (url, networks, taken) => {
    expect(refusedHost(new URL(url), networks) === null).toBe(taken);
  });
});

describe('the lookup webhook connections use', () => {
  const lookup = (networks: ReceiverNetworks, all: boolean) =>
    new Promise<{ error: Error | null; found: string | LookupAddress[] }>((resolve) =>
      receiverLookup(networks)('localhost', { all }, (error, found) => resolve({ error, found })),
    );

  it('refuses a name that resolves to a loopback address when only public networks are reached', async () => {
    const { error } = await lookup(PUBLIC, false);
    expect(error).toMatchObject({ code: 'WEBHOOKS.REFUSED_RECEIVER', message: expect.stringMatching(/^localhost resolves to .* loopback address/) });
  });

  it('answers as dns.lookup does when the addresses may be reached, one address or all of them', async () => {
    const one = await lookup(ANY, false);
    expect(one.error).toBeNull();
    expect(['127.0.0.1', '::1']).toContain(one.found);
    const all = await lookup(ANY, true);
    expect(all.error).toBeNull();
    expect((all.found as LookupAddress[]).map((a) => a.address)).toContain(one.found);
  });
});
