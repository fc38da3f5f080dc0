import fs from 'node:fs';
import path from 'node:path';
import { trackOmsProcesses } from '../support/process-harness';
import { makeTempDir } from '../support/temp-dir';

/*
 * The image runs `oms serve` as an unprivileged user with OMS_DATA_DIR set.
 * Without Docker, this builds the same layout: the data folder created and
 * owned by that user (as the Dockerfile must do), everything else owned by
 * root, and starts the real program from dist as that user with the image's
 * environment. Needs root to switch users; prints SKIPPED otherwise.
 */

const dockerfile = fs.readFileSync(path.join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
/** The lines of the last stage: what the running image is. */
const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')).split('\n').map((line) => line.trim());
const imageEnv = Object.fromEntries(
  finalStage
    .filter((line) => line.startsWith('ENV '))
    .flatMap((line) => [...line.slice(4).matchAll(/(\w+)=(\S+)/g)].map((match) => [match[1]!, match[2]!])),
);
const imageUser = finalStage.find((line) => line.startsWith('USER '))?.slice(5).trim();

describe('the image layout', () => {
  it('creates the data folder, gives it to the user the process runs as, and declares it a volume', () => {
    const dataDir = imageEnv.OMS_DATA_DIR;
    expect(dataDir).toBeDefined();
    expect(imageUser).toBeDefined();
    const userLine = finalStage.indexOf(`USER ${imageUser}`);
    const before = finalStage.slice(0, userLine);
    expect(before.some((line) => line.startsWith('RUN ') && line.includes(`mkdir -p ${dataDir}`))).toBe(true);
    expect(before.some((line) => line.startsWith('RUN ') && new RegExp(`chown (-R )?${imageUser}:${imageUser} ${dataDir}\\b`).test(line))).toBe(true);
    expect(finalStage.some((line) => line.startsWith('VOLUME ') && line.includes(`"${dataDir}"`))).toBe(true);
  });
});

describe('oms serve as an unprivileged user, with the image environment', () => {
  const processes = trackOmsProcesses();
  const temp = makeTempDir('oms-image-');
  afterAll(() => temp.remove());
  const nobody = { uid: 65534, gid: 65534 };

  it('listens and answers /health, keeping its files in the data folder it owns', async () => {
    if (process.getuid?.() !== 0) return console.log('SKIPPED: switching to an unprivileged user needs root');
    // The image: a root-owned working folder the user cannot write, and the data folder the user owns.
    fs.chmodSync(temp.dir, 0o755);
    const app = path.join(temp.dir, 'app');
    const data = path.join(temp.dir, imageEnv.OMS_DATA_DIR!);
    fs.mkdirSync(app, { mode: 0o755 });
    fs.mkdirSync(data, { mode: 0o755 });
    fs.chownSync(data, nobody.uid, nobody.gid);

    const oms = await processes.start({ dataDir: data, env: { ...imageEnv, OMS_DATA_DIR: data }, user: nobody, cwd: app });
    const health = await oms.request('GET', '/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ documents: { adapter: 'sqlite' } });
    expect(fs.readdirSync(app)).toEqual([]);
    expect(fs.readdirSync(data).length).toBeGreaterThan(0);
  }, 60_000);
});
