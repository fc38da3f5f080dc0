import { Document, DocumentStore, DocumentWrite } from '../infrastructure/documents/document-store';
import { ProjectionView } from './projection';

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;

/** A write-back overlay over the document store for one batch of events. */
export class BatchView implements ProjectionView {
  private readonly changed = new Map<string, { collection: string; id: string; doc: Document | null }>();
  private readonly loaded = new Map<string, Document | null>();

  constructor(private readonly documents: DocumentStore) {}

  async get<T extends Document>(collection: string, id: string): Promise<T | null> {
    const key = keyOf(collection, id);
    const pending = this.changed.get(key);
    if (pending) return pending.doc as T | null;
    if (this.loaded.has(key)) return this.loaded.get(key) as T | null;
    const doc = await this.documents.get<T>(collection, id);
    this.loaded.set(key, doc);
    return doc;
  }

  put(collection: string, id: string, doc: Document): void {
    this.changed.set(keyOf(collection, id), { collection, id, doc });
  }

  delete(collection: string, id: string): void {
    this.changed.set(keyOf(collection, id), { collection, id, doc: null });
  }

  writes(): DocumentWrite[] {
    return [...this.changed.values()].map(({ collection, id, doc }) =>
      doc === null ? { op: 'delete', collection, id } : { op: 'put', collection, id, doc },
    );
  }
}
