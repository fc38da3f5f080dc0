import { CollectionDefinition, Document } from '../infrastructure/documents/document-store';
import { StoredEvent } from '../infrastructure/eventstore/event-store';

/**
 * The read models as one projection sees them while it applies a batch: reads
 * see the batch's own earlier writes; writes are committed together with the
 * projection's checkpoint when the batch ends. A document read may be shared
 * with later reads: build a new one to put, never change it in place.
 */
export interface ProjectionView {
  get<T extends Document>(collection: string, id: string): Promise<T | null>;
  put(collection: string, id: string, doc: Document): void;
  delete(collection: string, id: string): void;
}

/** A collection a projection writes. */
export type ProjectionCollection = CollectionDefinition & {
  /** The id the projection stores a document under, from the document's own fields (verify keys its diff on it). */
  idOf(doc: Document): string;
  /**
   * Completes a document once per commit from what `apply` put, for figures
   * too dear to work out on every event of a catch-up. What `apply` reads back
   * within the unit is the document as put, not completed.
   */
  complete?(doc: Document): Document;
};

export type Projection = {
  /** Stable name: the checkpoint is kept under it. */
  readonly name: string;
  readonly collections: readonly ProjectionCollection[];
  readonly eventTypes: ReadonlySet<string>;
  apply(event: StoredEvent, view: ProjectionView): Promise<void>;
};
