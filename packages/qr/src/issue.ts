/** Build and sign in one step: what an issuing app calls. */
import { buildPersonal } from './formats/personal/index.ts';
import type { PersonalInput } from './formats/personal/index.ts';
import { buildVenue, signVenue, type VenueInput } from './formats/venue/index.ts';
import { signPersonal, type Signer } from './signature/index.ts';

/**
 * Builds the Decision 1405 payload from fields (name folded, every field validated) and signs it
 * with the S1 profile. Throws `OneQRError` naming the field on invalid input.
 *
 * @example
 * const { privateJwk } = await generateKeyPair();
 * const text = await issuePersonal(
 *   { documentNumber: '001093029317', fullName: 'Nguyễn Lê Khả Hân', birthDate: '1987-01-18', qid: '162979388586171100', gender: 1 },
 *   { privateJwk },
 *   Math.floor(Date.now() / 1000),
 * );
 */
export async function issuePersonal(
  input: PersonalInput,
  signer: Signer,
  iat: number,
  options?: { now?: Date },
): Promise<string> {
  return signPersonal(buildPersonal(input, options), signer, iat);
}

/** Builds and signs a venue QR (docs/venue-qr.md). */
export async function issueVenue(input: VenueInput, signer: Signer, iat: number): Promise<string> {
  return signVenue(buildVenue(input), signer, iat);
}
