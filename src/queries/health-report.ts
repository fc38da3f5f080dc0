import type { JobCounts } from '../infrastructure/jobs/job-queue';

/** Whether a piece of background work runs, why it stopped, and whether this process holds its lease. */
export type ComponentState = { state: string; error: string | null; leaseHeld: boolean };

type Progress = { position: string; lag: number } & ComponentState;

/** A poller's state, and when its last pass ended and its last successful one (ISO 8601). */
export type PollerState = ComponentState & { lastPassAt: string | null; lastSuccessAt: string | null };

/** Where the stores, the jobs, every projection and the process manager stand. */
export type HealthReport = {
  status: 'ok' | 'degraded';
  eventStore: { adapter: string; head: string };
  documents: { adapter: string };
  jobs: { adapter: string } & JobCounts;
  projections: Record<string, Progress>;
  processManager: Progress;
  /** The other followers of the log: the webhook dispatcher, and the CRM sync when it is configured. */
  followers: Record<string, Progress>;
  /**
   * What asks outside services on a schedule: the tracking poller, and the
   * Magento pull when configured. A failed pass shows as `error` (and `lastPassAt`
   * past `lastSuccessAt`); the next pass tries again, so it never degrades the OMS.
   */
  pollers: Record<string, PollerState>;
};
