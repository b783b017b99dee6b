/** A failure the command reports in one line on stderr, with its exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Error messages are one line: some carry a newline from quoted input (JSON.parse's does). */
export function flatten(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * A server domain's refusal (it carries a stable code and an HTTP status) as a one-line CLI
 * error, `CODE: message`; any other error is returned as it is.
 */
export function refusalAsCliError(err: unknown): unknown {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && typeof e.statusCode === 'number')
    return new CliError(`${e.code}: ${String(e.message)}`);
  return err;
}
