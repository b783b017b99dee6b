/**
 * zbarimg (Debian zbar-tools), an independent decoder for round-trip tests.
 *
 * Flags: `--raw -q -Sbinary`. Plain `--raw -q` is NOT byte-exact: for a QR without an ECI header
 * zbar guesses the charset and converts to UTF-8, and short non-ASCII payloads come out garbled
 * (`é` → `柩`, guessed as Shift_JIS). `-Sbinary` makes zbar print the symbol's bytes untouched
 * (and without the trailing newline), so we decode them as UTF-8 ourselves, fatally.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ZBAR_FLAGS = ['--raw', '-q', '-Sbinary'] as const;

/** Throws with install instructions when zbarimg is missing: the round trip must not be skipped. */
export function requireZbar(): void {
  try {
    execFileSync('zbarimg', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'zbarimg not found: the QR round-trip test needs it. Install it with `apt-get install zbar-tools` (CI does).',
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Writes `png` to `dir/name` and returns what zbarimg reads from it (one symbol expected). */
export async function zbarDecode(png: Uint8Array, dir: string, name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, png);
  const stdout = await new Promise<Buffer>((resolve, reject) => {
    execFile(
      'zbarimg',
      [...ZBAR_FLAGS, file],
      { encoding: 'buffer', timeout: 20_000 },
      (err, out, errOut) => {
        // Exit 4 = no symbol found; report it as a mismatch rather than a crash.
        if (err && err.code !== 4)
          reject(new Error(`zbarimg failed on ${name}: ${err.message} ${errOut.toString()}`));
        else resolve(out);
      },
    );
  });
  return utf8.decode(stdout);
}

/** Runs `task` over `items` with at most `limit` in flight, keeping result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
