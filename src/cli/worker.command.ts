import { loadConfig } from '../config';
import { openOms } from '../composition/oms';
import { ApiKeyRing } from '../http/auth/api-key-ring';
import { messageOf } from './forecast/usage-error';
import { untilSignalled } from './signals';

const ROLES = {
  projections: { projections: true },
  jobs: { workflow: true },
  magento: { magento: true },
} as const;

/**
 * `oms worker projections` and `oms worker jobs`: the background processes of
 * a scaled-out deployment. Run as many copies as you like: leases make one
 * copy run the projections (or the process manager, or the Magento pull) and
 * the others stand by; job workers all take jobs from the queue.
 */
export async function runWorkerCommand(argv: string[], io: { stderr: (text: string) => void; env: NodeJS.ProcessEnv }): Promise<number> {
  const [role, ...extra] = argv;
  if (role === undefined || !(role in ROLES) || extra.length > 0) {
    io.stderr(`oms worker: name one of ${Object.keys(ROLES).join(', ')}\nusage: oms worker projections|jobs|magento\n`);
    return 2;
  }
  const config = loadConfig(io.env);
  if (role === 'magento' && !config.OMS_MAGENTO_URL) {
    io.stderr('oms worker magento: set OMS_MAGENTO_URL and OMS_MAGENTO_TOKEN to pull orders from Magento\n');
    return 2;
  }
  const oms = await openOms({ config, keys: new ApiKeyRing([]) });
  try {
    await oms.start(ROLES[role as keyof typeof ROLES]);
    oms.logger.info({ role }, `worker ${role} started`);
    const signal = await untilSignalled();
    oms.logger.info({ signal, role }, 'worker stopping');
    return 0;
  } catch (error) {
    io.stderr(`oms worker: ${messageOf(error)}\n`);
    return 1;
  } finally {
    await oms.close();
  }
}
