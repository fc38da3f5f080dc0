import { InlineJobQueue } from '../../src/infrastructure/jobs/inline-job-queue';
import { jobQueueContract } from './job-queue.contract';

jobQueueContract('inline', async () => ({
  queue: new InlineJobQueue(),
  cleanup: async () => undefined,
}));
