import { UnrecoverableJobError } from '../../infrastructure/jobs/job-queue';
import { isTransient } from '../../infrastructure/port-error';

/**
 * What a job does with an error from its port call: throws it on, for the
 * queue to retry, when the port says the same call may pass next time;
 * otherwise fails the job at once, since no retry will help.
 */
export const retryOrGiveUp = (error: unknown): never => {
  if (isTransient(error)) throw error;
  throw new UnrecoverableJobError(error instanceof Error ? error.message : String(error));
};
