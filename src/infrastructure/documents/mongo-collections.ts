/**
 * Where the MongoDB DocumentStore keeps things: a MongoDB collection per
 * declared collection, named `docs_<name>` so that no declared name meets
 * the store's own `checkpoints` and `leases` collections, and indexes named
 * after the fields they cover, `ix(<field>,...)`, so that the indexes this
 * store manages are told apart from any other (`_id_` included).
 */
import type { IndexDescription } from 'mongodb';
import { CollectionSchema } from './document-query';

export const CHECKPOINTS = 'checkpoints';
export const LEASES = 'leases';
export const DEFAULT_DATABASE = 'oms';

export const collectionName = (name: string): string => `docs_${name}`;

const INDEX_PREFIX = 'ix(';
export const indexName = (fields: readonly string[]): string => `${INDEX_PREFIX}${fields.join(',')})`;

/** The declared fields, then `_id` as the tie-breaker of equal values (and the order of a page). */
export const indexKey = (fields: readonly string[]): Record<string, 1> =>
  Object.fromEntries([...fields, '_id'].map((field) => [field, 1 as const]));

/**
 * What brings a collection's indexes to its definition: the declared ones
 * (createIndexes skips those that exist with the same name and keys), and the
 * store's indexes no longer declared, to drop. Ascending keys serve
 * descending sorts as well.
 */
export function indexChanges(schema: CollectionSchema, existingNames: readonly string[]): { create: IndexDescription[]; drop: string[] } {
  const declared = new Map(schema.indexes.map((fields) => [indexName(fields), fields]));
  return {
    create: [...declared].map(([name, fields]) => ({ name, key: indexKey(fields) })),
    drop: existingNames.filter((name) => name.startsWith(INDEX_PREFIX) && !declared.has(name)),
  };
}

/** The database named in a connection string's path, if any (`mongodb://host:27017/oms?replicaSet=rs0` -> `oms`). */
export function databaseInUrl(url: string): string | null {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]+)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}
