import os from 'node:os';

/** Which process life started a request: a claim names it so another process can tell whether it is still running. */
export type RequestOwner = { host: string; pid: number };

export const thisProcess = (): RequestOwner => ({ host: os.hostname(), pid: process.pid });

/** Whether a process with this id runs on this host (signal 0 checks without signalling; EPERM: it runs as another user). */
export const processRuns = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether the request that made a claim is certainly no longer running: one
 * of this process id (a previous life, or this one, where requests with one
 * key run one after another so none is in flight), or of a process of this
 * host that no longer runs. On another host nothing is certain: the caller
 * waits for the claim's heartbeat to stop.
 */
export const ownerGone = (owner: RequestOwner, self: RequestOwner, runs: (pid: number) => boolean = processRuns): boolean => {
  if (owner.host !== self.host) return false;
  if (owner.pid === self.pid) return true;
  return !runs(owner.pid);
};
