import type { MongoClient } from 'mongodb';

/**
 * Connection strings checked by the clients' own parsers, without
 * connecting: what the client would refuse at start is refused with the
 * configuration, and what it accepts (host lists, DNS discovery, replica
 * sets) is not refused by a stricter check of ours. Each answers why a
 * string is wrong, or null. The clients load only when their variable is set.
 */

/** The deprecated esdb schemes, renamed so the client does not warn on every start. */
export const normalizeEventStoreUrl = (url: string): string => url.trim().replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://');

export function eventStoreUrlProblem(url: string): string | null {
  // The client's parser: its package root exports only the client, which would also open a native handle.
  const { parseConnectionString } = require('@kurrent/kurrentdb-client/dist/Client/parseConnectionString') as {
    parseConnectionString: (connectionString: string) => { hosts: unknown[] };
  };
  try {
    const parsed = parseConnectionString(normalizeEventStoreUrl(url));
    return parsed.hosts.length > 0 ? null : 'names no host';
  } catch (error) {
    return clientMessage(error);
  }
}

export function mongoUrlProblem(url: string): string | null {
  const { MongoClient: Client } = require('mongodb') as { MongoClient: typeof MongoClient };
  try {
    // The constructor parses and checks every option; it connects only on connect().
    new Client(url);
    return null;
  } catch (error) {
    return clientMessage(error);
  }
}

/** Without the string itself: it may hold a password. */
const clientMessage = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^Unexpected "[^"]*"/, 'unexpected text');
