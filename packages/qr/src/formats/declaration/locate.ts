/** Finds the S1 signature of a declaration QR: the seventh field after the prefix, always last. */
import type { SignatureLocation } from '../../signature/location.ts';
import { locateLastFieldSignature } from '../../signature/locate-last-field.ts';
import { DECLARATION_PREFIX } from './grammar.ts';

const PROFILE = {
  name: 'declaration QR',
  prefix: DECLARATION_PREFIX,
  signedFields: 7,
  credentialNamespace: 'declaration',
};

/** Locates the signature field of a declaration QR at string level (see grammar.ts). */
export function locateDeclarationSignature(text: string): SignatureLocation {
  return locateLastFieldSignature(text, PROFILE);
}
