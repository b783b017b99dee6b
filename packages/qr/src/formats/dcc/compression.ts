import { issue } from '../../errors.ts';
import { DEFAULT_INFLATE_CAP, hasZlibHeader, inflateZlib, type InflateResult } from '../../lib/inflate.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** Largest decompressed COSE message accepted (a real DCC is well under 2 KiB). */
export const DCC_MAX_INFLATED = DEFAULT_INFLATE_CAP;

function inflateIssue(result: Extract<InflateResult, { ok: false }>) {
  switch (result.reason) {
    case 'too-large':
      return issue(
        'DCC_TOO_LARGE',
        `Compression: data inflates past ${DCC_MAX_INFLATED} bytes`,
        'compressed',
      );
    case 'bad-checksum':
      return issue(
        'DCC_COMPRESSION_CHECKSUM',
        'Compression: zlib Adler-32 checksum does not match',
        'compressed',
      );
    case 'bad-header':
      return issue('DCC_COMPRESSION', 'Compression: data does not start with a zlib header', 'compressed');
    default:
      return issue('DCC_COMPRESSION', 'Compression: zlib stream is corrupt', 'compressed');
  }
}

/** Strict step 3: zlib-inflates the data (fails on anything that is not a sound zlib stream). */
export function zlibInflate(data: Uint8Array): Step<Uint8Array> {
  const result = inflateZlib(data, DCC_MAX_INFLATED);
  return result.ok ? ok(result.bytes) : fail(inflateIssue(result));
}

/**
 * Step 3 as the pipeline runs it: zlib when the data carries a zlib header; otherwise, since the
 * specification lets an issuer skip compression, data that already looks like a COSE message
 * (tag 18, tag 61, or a 4-element array) passes through with a DCC_UNCOMPRESSED warning.
 */
export function decompressDcc(data: Uint8Array): Step<Uint8Array> {
  if (hasZlibHeader(data)) return zlibInflate(data);
  const b0 = data[0];
  const looksLikeCose = b0 === 0xd2 || b0 === 0x84 || (b0 === 0xd8 && data[1] === 0x3d);
  if (!looksLikeCose) {
    return fail(
      issue('DCC_COMPRESSION', 'Compression: data is neither a zlib stream nor a COSE message', 'compressed'),
    );
  }
  if (data.length > DCC_MAX_INFLATED) {
    return fail(
      issue('DCC_TOO_LARGE', `Compression: data is larger than ${DCC_MAX_INFLATED} bytes`, 'compressed'),
    );
  }
  return ok(data, [
    issue('DCC_UNCOMPRESSED', 'Compression: data is not zlib-compressed (read as is)', 'compressed'),
  ]);
}
