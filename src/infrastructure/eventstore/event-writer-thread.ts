/**
 * The one writer of an events file in a process whose threads all append
 * (`oms serve`: the API thread and the background threads). Appends from
 * every thread share its group commits, and the fsync blocks this thread
 * alone, never one that runs JavaScript for requests or the workflow.
 */
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { AppendOutcome, AppendRequest, openEventsDatabase, SqliteEventWriter, toWire } from './sqlite-event-writer';

type Queued = { port: MessagePort; id: number; batch: AppendRequest[] };

const db = openEventsDatabase((workerData as { filename: string }).filename);
const writer = new SqliteEventWriter(db);
let queue: Queued[] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const items = queue;
  queue = [];
  if (items.length === 0) return;
  const all = items.flatMap((item) => item.batch);
  let outcomes: AppendOutcome[];
  try {
    outcomes = writer.write(all);
  } catch (error) {
    outcomes = all.map(() => ({ ok: false, error }));
  }
  let offset = 0;
  for (const item of items) {
    item.port.postMessage({ id: item.id, outcomes: outcomes.slice(offset, offset + item.batch.length).map(toWire) });
    offset += item.batch.length;
  }
}

function listen(port: MessagePort): void {
  port.on('message', (message: { id: number; batch: AppendRequest[] }) => {
    queue.push({ port, ...message });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

parentPort!.on('message', (message: { port?: MessagePort; close?: true }) => {
  if (message.port) listen(message.port);
  if (message.close) {
    flush();
    db.close();
    parentPort!.postMessage({ closed: true });
  }
});
