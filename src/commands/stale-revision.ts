/** The caller's If-Match revision is not the aggregate's current one. */
export class StaleRevision extends Error {
  readonly code = 'COMMAND.STALE_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${streamId} is at revision ${actual}, not ${expected}`);
    this.name = 'StaleRevision';
  }
}
