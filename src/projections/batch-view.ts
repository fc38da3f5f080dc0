import { Document, DocumentStore, DocumentWrite } from '../infrastructure/documents/document-store';
import { ProjectionView } from './projection';

/** Documents by collection then id; null: known not to exist. */
export type KnownDocuments = Map<string, Map<string, Document | null>>;

const entryOf = (documents: KnownDocuments, collection: string): Map<string, Document | null> => {
  let byId = documents.get(collection);
  if (byId === undefined) {
    byId = new Map();
    documents.set(collection, byId);
  }
  return byId;
};

/**
 * A write-back overlay over the document store for one unit of work. Reads
 * see the unit's own writes first, then the documents as stored: read
 * earlier in the unit, kept by the runner from earlier commits (DocumentCache),
 * or read from the store. Documents read are shared: a projection never mutates one.
 */
export class BatchView implements ProjectionView {
  private readonly changed: KnownDocuments = new Map();
  private readonly loaded: KnownDocuments = new Map();

  constructor(
    private readonly documents: DocumentStore,
    /** Documents known to be stored as they are here (kept from earlier commits); the view takes them over. */
    private known: { take(collection: string, id: string): Document | null | undefined } | null = null,
    /** Per collection: how a document put is completed before it is written (see ProjectionCollection.complete). */
    private readonly completions: ReadonlyMap<string, (doc: Document) => Document> = new Map(),
  ) {}

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    const pending = this.changed.get(collection)?.get(id);
    if (pending !== undefined) return pending as T | null;
    const loaded = this.loaded.get(collection)?.get(id);
    if (loaded !== undefined) return loaded as T | null;
    const known = this.known?.take(collection, id);
    const doc = known !== undefined ? (known as T | null) : await this.documents.get<T>(collection, id);
    entryOf(this.loaded, collection).set(id, doc);
    return doc;
  }

  put(collection: string, id: string, doc: Document): void {
    entryOf(this.changed, collection).set(id, doc);
    this.loaded.get(collection)?.delete(id); // superseded: no need to hold on to it
  }

  delete(collection: string, id: string): void {
    entryOf(this.changed, collection).set(id, null);
    this.loaded.get(collection)?.delete(id);
  }

  /** What to commit. The unit reads no more. */
  writes(): DocumentWrite[] {
    this.known = null;
    const writes: DocumentWrite[] = [];
    for (const [collection, byId] of this.changed) {
      const complete = this.completions.get(collection);
      for (const [id, put] of byId) {
        if (put === null) {
          writes.push({ op: 'delete', collection, id });
          continue;
        }
        const doc = complete ? complete(put) : put;
        if (complete) byId.set(id, doc); // what touched() reports is what was written
        writes.push({ op: 'put', collection, id, doc });
      }
    }
    return writes;
  }

  /** Once the writes are committed: every document this unit read or wrote, as the store now holds it. */
  touched(): KnownDocuments {
    const touched: KnownDocuments = new Map(this.loaded);
    for (const [collection, byId] of this.changed) {
      const merged = new Map(touched.get(collection));
      for (const [id, doc] of byId) merged.set(id, doc);
      touched.set(collection, merged);
    }
    return touched;
  }
}
