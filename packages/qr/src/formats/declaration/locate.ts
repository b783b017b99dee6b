/** Finds the S1 signature of a declaration QR: the seventh field after the prefix, always last. */
import { issue } from '../../errors.ts';
import type { SignatureLocation } from '../../signature/location.ts';
import { DECLARATION_PREFIX } from './grammar.ts';

/** Locates the signature field of a declaration QR at string level (see grammar.ts). */
export function locateDeclarationSignature(text: string): SignatureLocation {
  if (!text.startsWith(DECLARATION_PREFIX)) {
    return {
      state: 'error',
      issue: issue('SIGNATURE_FORMAT', `not a declaration QR (must start with ${DECLARATION_PREFIX})`),
    };
  }
  const parts = text.slice(DECLARATION_PREFIX.length).split('|');
  if (parts.length === 7) {
    const field = parts[6]!;
    return {
      state: 'signed',
      start: text.length - field.length,
      field: 'signature',
      credentialId: `declaration:${parts[0]}`,
    };
  }
  if (parts.length === 6) {
    // No declaration field may hold a '.', so a dot means a signature sits in the wrong place.
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
    issue: issue('SIGNATURE_FORMAT', `declaration QR has ${parts.length} |-separated fields, not 6 or 7`),
  };
}
