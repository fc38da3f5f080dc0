import { CollectionDefinition, DocumentStore, Lease } from '../../infrastructure/documents/document-store';
import { MagentoCursor } from './magento-client';
import { MagentoCursorStore } from './magento-puller';

export const integrationCursors: CollectionDefinition = { name: 'integration_cursors', indexes: [] };

const MAGENTO = 'magento';

/**
 * The Magento pull's cursor, kept in the document store so whichever process
 * takes the pull over resumes it. Saved only while `lease` is held: a puller
 * that lost its lease in a long pause cannot move its successor's cursor back.
 */
export const documentMagentoCursors = (documents: DocumentStore, lease?: Lease): MagentoCursorStore => ({
  async load() {
    const doc = await documents.get(integrationCursors.name, MAGENTO);
    return doc ? { updatedAt: String(doc.updatedAt), entityId: Number(doc.entityId) } : null;
  },
  async save(cursor: MagentoCursor) {
    await documents.commit({ writes: [{ op: 'put', collection: integrationCursors.name, id: MAGENTO, doc: { ...cursor } }], ...(lease ? { lease } : {}) });
  },
});
