import { OtherWriters } from './other-writers';

/** Streams remembered as changed elsewhere before everything counts as possibly changed. */
const MAX_TRACKED_STREAMS = 100_000;

/**
 * What a handle has learnt of appends made through other handles, stream by
 * stream: each lesson counts up the marker, and the streams it names are
 * changed as of that count.
 */
export class StreamChanges implements OtherWriters {
  private changeSeq = 0;
  /** When we stopped tracking streams one by one (too many): every stream may have changed. */
  private unknownChangeAt = 0;
  /** Streams other handles appended to, with when we learnt it. */
  private readonly changedAt = new Map<string, number>();

  changeMarker(): number {
    return this.changeSeq;
  }

  appendedElsewhereSince(streamId: string, marker: number): boolean {
    return this.unknownChangeAt > marker || (this.changedAt.get(streamId) ?? 0) > marker;
  }

  /** Another handle appended to these streams. */
  appendedElsewhere(streamIds: Iterable<string>): void {
    this.changeSeq++;
    if (this.changedAt.size > MAX_TRACKED_STREAMS) {
      this.unknownChangeAt = this.changeSeq;
      this.changedAt.clear();
    }
    for (const streamId of streamIds) this.changedAt.set(streamId, this.changeSeq);
  }
}
