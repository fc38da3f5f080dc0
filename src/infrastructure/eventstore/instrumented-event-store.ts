import { EventStore } from './event-store';

/** Times every append (including its wait for the group commit) for the append-latency metric. */
export const instrumentedEventStore = (store: EventStore, observe: (seconds: number) => void): EventStore => ({
  append: async (streamId, events, options) => {
    const started = process.hrtime.bigint();
    try {
      return await store.append(streamId, events, options);
    } finally {
      observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  },
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options) => store.readAll(options),
  subscribe: (options) => store.subscribe(options),
  headPosition: () => store.headPosition(),
  close: () => store.close(),
});
