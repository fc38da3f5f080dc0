import { CommandHandlers } from '../commands/command-handlers';
import { TrackingPoller } from '../commands/shipping/tracking-poller';
import { Config } from '../config';
import { Carrier } from '../infrastructure/carriers/carrier';
import { DocumentStore } from '../infrastructure/documents/document-store';
import { Logger } from '../infrastructure/observability/logger';
import { PollingWork } from '../infrastructure/scheduling/polling-work';
import { LeasedWork, LeasedWorkOptions } from './leased-work';

export const TRACKING_POLLER = 'tracking-poller';

/**
 * The tracking poller, and its background work unless OMS_TRACKING_POLL_SECONDS
 * is 0: one process at a time polls (a lease), so each scan is asked for once.
 */
export function trackingPoll(
  config: Config,
  deps: { handlers: CommandHandlers; documents: DocumentStore; carrier: Carrier; holder: string; logger: Logger; leaseOptions: LeasedWorkOptions },
): { poller: TrackingPoller; background: { work: LeasedWork; polling: PollingWork } | null } {
  const poller = new TrackingPoller({
    handlers: deps.handlers,
    documents: deps.documents,
    carrier: deps.carrier,
    logger: deps.logger,
  });
  if (config.OMS_TRACKING_POLL_SECONDS === 0) return { poller, background: null };
  const polling = new PollingWork((signal) => poller.pollOnce(signal), {
    intervalMs: config.OMS_TRACKING_POLL_SECONDS * 1000,
    logger: deps.logger,
    what: 'tracking poll',
  });
  return { poller, background: { work: new LeasedWork(deps.documents, { name: TRACKING_POLLER, holder: deps.holder }, polling, deps.leaseOptions), polling } };
}
