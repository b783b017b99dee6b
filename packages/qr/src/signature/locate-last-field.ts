/**
 * Finds the S1 signature of a OneQR profile whose signature is the last `|`-separated field after
 * a prefix (the venue and movement-declaration QRs). Their unsigned fields never hold a '.', so a
 * dot in an unsigned code means a signature sits in the wrong place.
 */
import { issue } from '../errors.ts';
import type { SignatureLocation } from './location.ts';

export interface LastFieldProfile {
  /** What the code is called in messages ("venue QR"). */
  name: string;
  prefix: string;
  /** Fields after the prefix, the signature included. */
  signedFields: number;
  /** The credential id's namespace ("venue"): `<ns>:<first field>`. */
  credentialNamespace: string;
}

/** Locates the signature field at string level. */
export function locateLastFieldSignature(text: string, p: LastFieldProfile): SignatureLocation {
  if (!text.startsWith(p.prefix)) {
    return {
      state: 'error',
      issue: issue('SIGNATURE_FORMAT', `not a ${p.name} (must start with ${p.prefix})`),
    };
  }
  const parts = text.slice(p.prefix.length).split('|');
  if (parts.length === p.signedFields) {
    const field = parts[p.signedFields - 1]!;
    return {
      state: 'signed',
      start: text.length - field.length,
      field: 'signature',
      credentialId: `${p.credentialNamespace}:${parts[0]}`,
    };
  }
  if (parts.length === p.signedFields - 1) {
    if (text.includes('.')) {
      return {
        state: 'error',
        issue: issue('SIGNATURE_MISPLACED', 'a signature-like value is present outside the signature field'),
      };
    }
    return { state: 'unsigned' };
  }
  return {
    state: 'error',
    issue: issue(
      'SIGNATURE_FORMAT',
      `${p.name} has ${parts.length} |-separated fields, not ${p.signedFields - 1} or ${p.signedFields}`,
    ),
  };
}
