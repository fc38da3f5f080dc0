import fs from 'node:fs';
import path from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';

/**
 * Tells listeners that some thread or process committed a checkpoint to a
 * SQLite file: at once for this handle's own commits, by a BroadcastChannel
 * for other threads of the process, by a watch on the WAL file for other
 * processes. Listeners re-read the checkpoints; nothing polls.
 */
export class CheckpointWatch {
  private readonly listeners = new Set<() => void>();
  private channel: BroadcastChannel | null = null;
  private watcher: fs.FSWatcher | null = null;
  private scheduled = false;

  constructor(private readonly filename: string) {}

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    this.open();
    return () => this.listeners.delete(listener);
  }

  /** This handle committed a checkpoint. */
  committed(): void {
    this.notify();
    this.channel?.postMessage(null);
  }

  close(): void {
    this.channel?.close();
    this.watcher?.close();
    this.channel = null;
    this.watcher = null;
    this.listeners.clear();
  }

  private open(): void {
    if (this.channel || this.filename === ':memory:') return;
    const file = path.resolve(this.filename);
    this.channel = new BroadcastChannel(`oms-documents:${file}`);
    this.channel.onmessage = () => this.notify();
    (this.channel as unknown as { unref?: () => void }).unref?.();
    try {
      const wal = `${path.basename(file)}-wal`;
      this.watcher = fs.watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        if (changed === wal) this.notify();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      this.watcher = null;
    }
  }

  /** Coalesces a burst of commits into one call per listener. */
  private notify(): void {
    if (this.scheduled || this.listeners.size === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      for (const listener of this.listeners) listener();
    });
  }
}
