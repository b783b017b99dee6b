import fs from 'node:fs/promises';
import { CliError } from './cli-error.ts';

/** Reads a whole file as UTF-8, with a one-line error naming the file. */
export async function readTextFile(
  file: string,
  what = 'file',
  maxBytes = 16 * 1024 * 1024,
): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new CliError(`${what} "${file}" does not exist or cannot be read`);
  }
  if (!stat.isFile()) throw new CliError(`${what} "${file}" is not a regular file`);
  if (stat.size > maxBytes) throw new CliError(`${what} "${file}" is larger than ${maxBytes} bytes`);
  return fs.readFile(file, 'utf8');
}

/** Reads and parses a JSON file; the error names the file and the reason. */
export async function readJsonFile(file: string, what = 'JSON file'): Promise<unknown> {
  const text = await readTextFile(file, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${what} "${file}" is not valid JSON: ${(err as Error).message}`);
  }
}

/** Reads all of stdin (bounded). */
export async function readStdin(maxBytes = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw new CliError(`standard input is larger than ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a file that holds a secret: owner-only permissions. */
export async function writeSecretFile(file: string, text: string): Promise<void> {
  try {
    await fs.writeFile(file, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`"${file}" already exists: refusing to overwrite a key file`);
    throw new CliError(`cannot write "${file}": ${(err as Error).message}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
