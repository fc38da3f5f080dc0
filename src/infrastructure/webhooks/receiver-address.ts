import dns, { LookupAddress, LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * Which networks webhooks may reach. `public`: globally routable addresses
 * only. `public-and-private`: also loopback and private networks, for a
 * receiver beside the OMS. Neither reaches link-local addresses, where cloud
 * metadata services hand out credentials, nor unspecified (0.0.0.0 reaches
 * the machine itself), multicast or broadcast ones.
 */
export type ReceiverNetworks = 'public' | 'public-and-private';

const NEVER_REACHED: ReadonlySet<string> = new Set(['unspecified', 'linkLocal', 'multicast', 'broadcast']);

/** ipaddr.js's names for its ranges, as a sentence says them. */
const RANGE_WORDS: Readonly<Record<string, string>> = { linkLocal: 'link-local', uniqueLocal: 'unique local', carrierGradeNat: 'carrier-grade NAT' };

/** Why a webhook may not go to this IP address, or null when it may. */
export const refusedAddress = (address: string, networks: ReceiverNetworks): string | null => {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it reaches.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (networks === 'public-and-private' && !NEVER_REACHED.has(range)) return null;
  return `${address} is a ${RANGE_WORDS[range] ?? range} address, which webhooks do not reach`;
};

const isLocalhostName = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');

/** The IP address a URL names as its host, or null when it names a host by name. */
export const addressInUrl = (url: URL): string | null => {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(host) ? host : null;
};

/**
 * Why a subscription may not send to this URL's host as written (an IP
 * address, or a localhost name), or null. A host name is judged again by
 * the addresses it resolves to whenever a webhook is sent (receiverLookup):
 * DNS may answer differently by then.
 */
export const refusedHost = (url: URL, networks: ReceiverNetworks): string | null => {
  const address = addressInUrl(url);
  if (address !== null) return refusedAddress(address, networks);
  if (networks === 'public' && isLocalhostName(url.hostname)) return `${url.hostname} names this machine, which webhooks do not reach`;
  return null;
};

/** Thrown from the lookup of a connection whose host resolves to a refused address. */
export class RefusedReceiver extends Error {
  readonly code = 'WEBHOOKS.REFUSED_RECEIVER';
  constructor(reason: string) {
    super(reason);
    this.name = 'RefusedReceiver';
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for outgoing connections that refuses a host name resolving to
 * any refused address, so what is checked is what is connected to.
 */
export const receiverLookup =
  (networks: ReceiverNetworks) =>
  (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = addresses.map(({ address }) => refusedAddress(address, networks)).find((reason) => reason !== null);
      if (refused) return callback(new RefusedReceiver(`${hostname} resolves to ${refused}`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
