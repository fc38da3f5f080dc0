/** Bad input on the command line: reported as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'UsageError';
  }
}

/** The message of anything thrown (errors from node's own modules may come from another realm, so no instanceof). */
export function messageOf(error: unknown): string {
  const message: unknown = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
