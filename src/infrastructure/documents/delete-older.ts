import { Document, DocumentStore, Page } from './document-store';

export type OlderDocuments<T extends Document> = {
  collection: string;
  /** An indexed field holding ISO 8601 times. */
  field: string;
  /** Documents whose `field` is at or before it are looked at. */
  cutoff: string;
  /** Looked at and deleted per commit. */
  pageSize: number;
  /** The id to delete the document under, or null to keep it. */
  idToDelete: (doc: T) => string | null;
};

/** Deletes old documents a page at a time along `field`'s index; answers how many went. */
export async function deleteOlder<T extends Document>(documents: DocumentStore, older: OlderDocuments<T>): Promise<number> {
  const { collection, field, cutoff, pageSize, idToDelete } = older;
  let deleted = 0;
  let cursor: string | null = null;
  do {
    const page: Page<T> = await documents.find<T>(collection, { filter: { [field]: { $lte: cutoff } }, sort: { field }, limit: pageSize, cursor });
    const ids = page.items.map(idToDelete).filter((id): id is string => id !== null);
    if (ids.length > 0) await documents.commit({ writes: ids.map((id) => ({ op: 'delete', collection, id })) });
    deleted += ids.length;
    cursor = page.nextCursor;
  } while (cursor);
  return deleted;
}
