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
