import { Config } from '../config';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { Logger } from '../infrastructure/observability/logger';
import { StorefrontIntake } from '../integrations/intake/storefront-order';
import { MagentoClient } from '../integrations/magento/magento-client';
import { documentMagentoCursors, integrationCursors } from '../integrations/magento/magento-cursors';
import { magentoIntake } from '../integrations/magento/magento-intake';
import { MagentoPuller } from '../integrations/magento/magento-puller';
import { PollingWork, sleep } from '../infrastructure/scheduling/polling-work';
import { magentoTime } from '../integrations/magento/magento-order';
import { LeasedWork, LeasedWorkOptions } from './leased-work';

const PAGE_SIZE = 100;

/**
 * The Magento pull, when OMS_MAGENTO_URL and OMS_MAGENTO_TOKEN are set: one
 * process at a time pulls (a lease), the others stand by to take over.
 */
export function magentoPull(
  config: Config,
  deps: { intake: StorefrontIntake; documents: DocumentStore; holder: string; now: () => Date; logger: Logger; leaseOptions: LeasedWorkOptions },
): { work: LeasedWork; polling: PollingWork } | null {
  if (!config.OMS_MAGENTO_URL || !config.OMS_MAGENTO_TOKEN) return null;
  const lease = { name: 'magento-pull', holder: deps.holder };
  const since = config.OMS_MAGENTO_SINCE;
  const puller = new MagentoPuller({
    client: new MagentoClient({ baseUrl: config.OMS_MAGENTO_URL, token: config.OMS_MAGENTO_TOKEN, pageSize: PAGE_SIZE }),
    cursors: documentMagentoCursors(deps.documents, lease),
    intake: magentoIntake(deps.intake, deps.logger),
    startAt: () => magentoTime(since ? new Date(since) : deps.now()),
    sleep,
    logger: deps.logger,
  });
  const sync = new PollingWork((signal) => puller.pullOnce(signal), { intervalMs: config.OMS_MAGENTO_POLL_SECONDS * 1000, logger: deps.logger, what: 'magento pull' });
  const work = new LeasedWork(
    deps.documents,
    lease,
    {
      start: async () => {
        await deps.documents.ensureCollections([integrationCursors]);
        await sync.start();
      },
      stop: () => sync.stop(),
      health: () => sync.health(),
    },
    deps.leaseOptions,
  );
  return { work, polling: sync };
}
