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

/**
 * The options `parse` reads from the command line, or the exit code once it
 * is answered here: 0 after printing the usage (`--help`), 2 after one line
 * naming the mistake.
 */
export function optionsOrExit<Options>(
  command: string,
  usage: string,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
  parse: () => Options | 'help',
): { options: Options } | { exitCode: number } {
  let options: Options | 'help';
  try {
    options = parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`oms ${command}: ${error.message}\n`);
    return { exitCode: 2 };
  }
  if (options === 'help') {
    io.stdout(usage);
    return { exitCode: 0 };
  }
  return { options };
}
