import { ReadSideIo } from '../../../src/cli/read-side-io';
import { allProjections } from '../../../src/projections/all-projections';
import { makeTempDir } from '../../support/temp-dir';
import { OrderStory, snapshotOf } from '../projections/support/order-story';
import { busyWeek } from '../projections/support/scenario';

export type CommandRun = { code: number; stdout: string; stderr: string };

/** Runs `oms replay` or `oms verify` in process against the data folder, capturing what it prints. */
export const runIn =
  (dataDir: string, command: (argv: string[], io: ReadSideIo) => Promise<number>, tty = false) =>
  async (...argv: string[]): Promise<CommandRun> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await command(argv, {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      stderrIsTTY: tty,
      env: { OMS_DATA_DIR: dataDir, OMS_LOG_LEVEL: 'silent' },
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  };

/** A data folder whose log holds the busy week and whose read models are up to date with it. */
export async function dataFolderWithBusyWeek() {
  const temp = makeTempDir('oms-cli-');
  const story = await OrderStory.open(temp.dir);
  await busyWeek(story);
  await story.project();
  await story.close();
  return {
    dir: temp.dir,
    remove: temp.remove,
    /** Opens the folder's stores for a while: to change them, or to look. */
    async withStory<T>(work: (story: OrderStory) => Promise<T>): Promise<T> {
      const opened = await OrderStory.open(temp.dir);
      try {
        await opened.documents.ensureCollections(allProjections.flatMap((p) => p.collections));
        return await work(opened);
      } finally {
        await opened.close();
      }
    },
    snapshot() {
      return this.withStory((opened) => snapshotOf(opened.documents));
    },
  };
}
