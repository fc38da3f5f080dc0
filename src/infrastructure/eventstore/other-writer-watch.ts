import fs from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';

const FILE_WATCH_SETTLE_MS = 20;

export type OtherWriterWatchOptions = {
  filename: string;
  /** How often to look anyway, when no notification arrived. */
  checkMs: number;
  /** Called when another handle may have committed: look at the file's head. */
  look: () => void;
};

/**
 * Says when another handle on an events file may have committed: handles in
 * other threads of this process say so over a BroadcastChannel; another
 * process touches the WAL, which the file watcher sees; and a periodic look
 * catches what both missed. An in-memory file has no other handles.
 */
export class OtherWriterWatch {
  private readonly watcher: fs.FSWatcher | null;
  private readonly siblings: BroadcastChannel;
  private readonly timer: NodeJS.Timeout;
  private lookScheduled = false;
  private closed = false;

  static start(options: OtherWriterWatchOptions): OtherWriterWatch | null {
    return options.filename === ':memory:' ? null : new OtherWriterWatch(options);
  }

  private constructor(private readonly options: OtherWriterWatchOptions) {
    this.watcher = this.watchFile();
    this.siblings = this.listenToSiblings();
    this.timer = setInterval(() => options.look(), options.checkMs);
    this.timer.unref();
  }

  /** Tells the handles in the other threads that this one committed. */
  committed(): void {
    this.siblings.postMessage(null);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.siblings.close();
    clearInterval(this.timer);
  }

  /**
   * The file watcher also fires for other threads' commits; waiting a moment
   * lets their messages arrive first, so what they wrote is known by stream.
   */
  private scheduleLook(delayMs: number): void {
    if (this.lookScheduled) return;
    this.lookScheduled = true;
    setTimeout(() => {
      this.lookScheduled = false;
      if (!this.closed) this.options.look();
    }, delayMs).unref();
  }

  private listenToSiblings(): BroadcastChannel {
    const channel = new BroadcastChannel(`oms-event-store:${path.resolve(this.options.filename)}`);
    channel.onmessage = () => this.scheduleLook(0);
    (channel as unknown as { unref?: () => void }).unref?.();
    return channel;
  }

  private watchFile(): fs.FSWatcher | null {
    const directory = path.dirname(path.resolve(this.options.filename));
    const walName = `${path.basename(this.options.filename)}-wal`;
    try {
      const watcher = fs.watch(directory, { persistent: false }, (_event, changed) => {
        if (changed === walName) this.scheduleLook(FILE_WATCH_SETTLE_MS);
      });
      watcher.on('error', () => undefined);
      return watcher;
    } catch {
      return null;
    }
  }
}
