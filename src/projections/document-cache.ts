import { Document } from '../infrastructure/documents/document-store';
import { KnownDocuments } from './batch-view';

/** Documents kept between commits: enough for the orders in flight (a few seconds of them), not a rebuild's read models. */
export const DOCUMENT_CACHE_SIZE = 5_000;

/**
 * The documents a projection runner's commits wrote or read, as stored, the
 * most recently used kept: an order's document is read once, not again at
 * every step of its workflow. Only coherent while the runner is the only
 * writer of its read models, so it is emptied whenever another may have written.
 */
export class DocumentCache {
  /** By collection and id, oldest use first (a Map keeps insertion order). */
  private readonly byKey = new Map<string, { collection: string; id: string; doc: Document | null }>();

  constructor(private readonly capacity: number = DOCUMENT_CACHE_SIZE) {}

  /** The document as stored (null: known not to exist), undefined when not kept; a unit takes it over. */
  take(collection: string, id: string): Document | null | undefined {
    const key = keyOf(collection, id);
    const entry = this.byKey.get(key);
    if (entry === undefined) return undefined;
    this.byKey.delete(key);
    return entry.doc;
  }

  /** After a commit: what its unit read and wrote, as the store now holds it. */
  remember(documents: KnownDocuments): void {
    for (const [collection, byId] of documents) {
      for (const [id, doc] of byId) {
        const key = keyOf(collection, id);
        this.byKey.delete(key);
        this.byKey.set(key, { collection, id, doc });
      }
    }
    for (const key of this.byKey.keys()) {
      if (this.byKey.size <= this.capacity) break;
      this.byKey.delete(key);
    }
  }

  clear(): void {
    this.byKey.clear();
  }
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;
