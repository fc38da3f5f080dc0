import { Document } from '../infrastructure/documents/document-store';
import { KnownDocuments } from './batch-view';

/** Documents kept between commits beyond the last commit's: enough for the orders in flight (a few seconds of them). */
export const DOCUMENT_CACHE_SIZE = 5_000;

type Generation = { documents: KnownDocuments; size: number };

/**
 * The documents a projection runner's recent commits wrote or read, as
 * stored: an order's document is read once, not again at every step of its
 * workflow. Each commit's documents are kept as they come (newest first, so
 * a newer version hides an older one), the oldest commits let go beyond the
 * capacity, the last commit's always kept whole: a rebuild's next unit
 * touches most of what the last one did. Only coherent while the runner is
 * the only writer of its read models, so it is emptied whenever another may
 * have written.
 */
export class DocumentCache {
  private generations: Generation[] = [];

  constructor(private readonly capacity: number = DOCUMENT_CACHE_SIZE) {}

  /** The document as stored (null: known not to exist), undefined when not kept; a unit takes it over. */
  take(collection: string, id: string): Document | null | undefined {
    for (const generation of this.generations) {
      const byId = generation.documents.get(collection);
      const doc = byId?.get(id);
      if (doc === undefined) continue;
      byId!.delete(id);
      return doc;
    }
    return undefined;
  }

  /** After a commit: what its unit read and wrote, as the store now holds it. */
  remember(documents: KnownDocuments): void {
    let size = 0;
    for (const byId of documents.values()) size += byId.size;
    const kept: Generation[] = [{ documents, size }];
    let total = size;
    for (const generation of this.generations) {
      total += generation.size;
      if (total > this.capacity) break;
      kept.push(generation);
    }
    this.generations = kept;
  }

  clear(): void {
    this.generations = [];
  }
}
