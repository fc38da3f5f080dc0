import { Document } from '../infrastructure/documents/document-store';
import { KnownDocuments } from './batch-view';

/** Documents kept between commits beyond the last commit's: enough for the orders in flight (a few seconds of them). */
export const DOCUMENT_CACHE_SIZE = 5_000;

/** A kept document (null: known not to exist) and the map of the commit that kept it: a taken document is not held on to, and an older commit lets go only of what is still its own. */
type Entry = { doc: Document | null; heldIn: Map<string, Document | null> };

/** What one commit kept, to let go of together. */
type Generation = { documents: KnownDocuments; size: number };

/**
 * The documents a projection runner's recent commits wrote or read, as
 * stored: an order's document is read once, not again at every step of its
 * workflow. One index holds the newest version of each document, so a look-up
 * is two map reads however many commits are kept (live, a commit every few
 * milliseconds makes hundreds of them). The oldest commits are let go of
 * beyond the capacity, the last commit's always kept whole: a rebuild's next
 * unit touches most of what the last one did. Only coherent while the runner
 * is the only writer of its read models, so it is emptied whenever another
 * may have written.
 */
export class DocumentCache {
  private readonly index = new Map<string, Map<string, Entry>>();
  /** Newest first. */
  private generations: Generation[] = [];

  constructor(private readonly capacity: number = DOCUMENT_CACHE_SIZE) {}

  /** The document as stored (null: known not to exist), undefined when not kept; a unit takes it over. */
  take(collection: string, id: string): Document | null | undefined {
    const byId = this.index.get(collection);
    const entry = byId?.get(id);
    if (entry === undefined) return undefined;
    byId!.delete(id);
    entry.heldIn.delete(id);
    return entry.doc;
  }

  /** After a commit: what its unit read and wrote, as the store now holds it. */
  remember(documents: KnownDocuments): void {
    const generation: Generation = { documents, size: 0 };
    for (const [collection, byId] of documents) {
      let entries = this.index.get(collection);
      if (entries === undefined) {
        entries = new Map();
        this.index.set(collection, entries);
      }
      for (const [id, doc] of byId) entries.set(id, { doc, heldIn: byId });
      generation.size += byId.size;
    }
    let total = generation.size;
    let kept = 1;
    for (const older of this.generations) {
      total += older.size;
      if (total > this.capacity) break;
      kept += 1;
    }
    const released = this.generations.slice(kept - 1);
    this.generations = [generation, ...this.generations.slice(0, kept - 1)];
    for (const old of released) this.release(old);
  }

  clear(): void {
    this.index.clear();
    this.generations = [];
  }

  /** Drops the documents a generation kept, unless a newer commit kept them again. */
  private release(generation: Generation): void {
    for (const [collection, byId] of generation.documents) {
      const entries = this.index.get(collection);
      if (entries === undefined) continue;
      for (const id of byId.keys()) {
        if (entries.get(id)?.heldIn === byId) entries.delete(id);
      }
    }
  }
}
