/** The OneQR S1 signature profile (SPEC §2.1): sign, parse, verify. */
export { signPersonal } from './sign.ts';
export { appendSignature, createSigner, type KeySigner, type Signer } from './signer.ts';
export { parseSignatureField, isIssue, type SignatureField } from './parse-signature.ts';
export { verifySigned, type SignedRight, type VerifyResult } from './verify.ts';
export { locatePersonalSignature } from './locate-personal.ts';
export type { SignatureLocation } from './location.ts';
export { CLOCK_SKEW_SECONDS, IAT_MAX, IAT_MIN, SIGNATURE_VERSION } from './profile.ts';
