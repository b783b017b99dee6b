/** The OneQR movement-declaration QR profile v1 (docs/declaration-qr.md). Verify with `verifySigned(text, 'declaration', …)`. */
export { issueDeclaration, type DeclarationQrInput } from './build.ts';
export { parseDeclaration, isDeclarationText, type DeclarationFields } from './parse.ts';
export { locateDeclarationSignature } from './locate.ts';
export {
  DECLARATION_PREFIX,
  DECLARATION_MAX_BYTES,
  DECLARATION_VALIDITY_SECONDS,
  DECLARATION_ID_MAX,
} from './grammar.ts';
