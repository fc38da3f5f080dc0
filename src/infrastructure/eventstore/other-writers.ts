/**
 * Whether other handles on the same log (other threads, other processes)
 * appended to a stream: what lets a cache of stream states trust an entry
 * without reading the stream's tail. Stores that cannot tell (a server every
 * process appends to) do not offer it; a cache then reads the tail each time.
 */
export interface OtherWriters {
  /** A marker to keep with a cached stream state: what was known when it was read. */
  changeMarker(): number;
  /**
   * True when another handle appended to the stream since the marker was
   * taken (or when that can no longer be told stream by stream). While it
   * answers false, nothing was appended to the stream except through this
   * handle, so a state cached with the marker is current.
   */
  appendedElsewhereSince(streamId: string, marker: number): boolean;
}
