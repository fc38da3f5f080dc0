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

/**
 * Server error codes two processes get when they create the same collection
 * or index, or drop the same index, at once: the other one did it, which is
 * what was wanted. Index names derive from their fields, so an index of the
 * same name has the same keys: a conflict on it is that race, not a
 * different definition.
 */
const CONCURRENT_DDL_CODES = new Set([
  27, // IndexNotFound: dropped by the other process first
  48, // NamespaceExists: collection created by the other process first
  85, // IndexOptionsConflict
  86, // IndexKeySpecsConflict
  276, // IndexBuildAlreadyInProgress: the other process is building it now
]);

export const isConcurrentDdlRace = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && CONCURRENT_DDL_CODES.has(Number((error as { code?: unknown }).code));

/** Runs one DDL step, taking "another process did it" for success. */
export async function tolerateConcurrentDdl(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (!isConcurrentDdlRace(error)) throw error;
  }
}

/** The part of a collection that bringing its indexes up to date uses (a test can hand in a stub). */
export type IndexedCollection = {
  listIndexes(): { toArray(): Promise<Array<{ name?: unknown }>> };
  dropIndex(name: string): Promise<unknown>;
  createIndexes(indexes: IndexDescription[]): Promise<unknown>;
};

/** Brings a collection's indexes to its definition; safe while another process does the same. */
export async function ensureIndexes(collection: IndexedCollection, schema: CollectionSchema): Promise<void> {
  const existing = (await collection.listIndexes().toArray()).map((index) => String(index.name));
  const { create, drop } = indexChanges(schema, existing);
  for (const name of drop) await tolerateConcurrentDdl(() => collection.dropIndex(name));
  // One at a time: a race on one index must not skip the others of a batch.
  for (const index of create) {
    if (!existing.includes(index.name!)) await tolerateConcurrentDdl(() => collection.createIndexes([index]));
  }
}
