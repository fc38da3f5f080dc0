import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import { compiledScript } from '../compiled-script';
import { AppendOutcome, AppendRequest, fromWire, WireOutcome } from './sqlite-event-writer';

/** How a SqliteEventStore hands its group of appends to whoever writes the file. */
export interface EventWriter {
  write(batch: AppendRequest[]): Promise<AppendOutcome[]>;
  close(): void;
}

/** Appends through the process's writer thread, over a MessagePort. */
export class RemoteEventWriter implements EventWriter {
  private nextId = 1;
  private readonly pending = new Map<number, (outcomes: AppendOutcome[]) => void>();

  constructor(private readonly port: MessagePort) {
    port.on('message', ({ id, outcomes }: { id: number; outcomes: WireOutcome[] }) => {
      const resolve = this.pending.get(id);
      this.pending.delete(id);
      if (this.pending.size === 0) port.unref();
      resolve?.(outcomes.map(fromWire));
    });
    port.unref();
  }

  write(batch: AppendRequest[]): Promise<AppendOutcome[]> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.ref();
      this.port.postMessage({ id, batch });
    });
  }

  close(): void {
    this.port.close();
  }
}

/**
 * Starts the writer thread of an events file; `connect` hands out a port for
 * one more handle (this thread's, or one to transfer to another thread).
 */
export function startEventWriterThread(filename: string) {
  const worker = new Worker(compiledScript(__filename, 'event-writer-thread'), { workerData: { filename } });
  return {
    connect(): MessagePort {
      const { port1, port2 } = new MessageChannel();
      worker.postMessage({ port: port2 }, [port2]);
      return port1;
    },
    /** Writes what is queued, closes the file and ends the thread; after every handle has closed. */
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.postMessage({ close: true });
        setTimeout(resolve, 10_000).unref();
      });
      await worker.terminate();
    },
  };
}
