import { issue } from '../../errors.ts';
import type { CborMap, CborValue } from '../../lib/cbor.ts';
import { decodeDccCbor } from './cose.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

const CLAIM_ISS = 1;
const CLAIM_EXP = 4;
const CLAIM_IAT = 6;
const CLAIM_HCERT = -260;
const HCERT_EU_DCC = 1;

/** CWT claims of a DCC (hcert spec §2.6). Times are Unix seconds. */
export interface CwtClaims {
  iss?: string;
  iat?: number;
  exp?: number;
  /** The EU DCC map: claim -260, key 1. */
  hcert: CborMap;
}

function claimsIssue(message: string, field: string) {
  return issue('DCC_CLAIMS', `CWT: ${message}`, field);
}

function time(value: CborValue, name: string): Step<number | undefined> {
  if (value === undefined) return ok(undefined);
  if (typeof value === 'number' && Number.isFinite(value)) return ok(Math.floor(value));
  if (typeof value === 'bigint') return ok(Number(value));
  return fail(claimsIssue(`${name} is not a numeric date`, name));
}

/** Step 5: reads the CWT claims from the COSE payload and picks out the hcert map. */
export function parseCwtClaims(payload: Uint8Array): Step<CwtClaims> {
  const decoded = decodeDccCbor(payload, 'payload');
  if (!decoded.ok) return decoded;
  const map = decoded.value;
  if (!(map instanceof Map)) return fail(claimsIssue('payload is not a claims map', 'payload'));
  const iss = map.get(CLAIM_ISS);
  if (iss !== undefined && typeof iss !== 'string')
    return fail(claimsIssue('iss is not a text string', 'iss'));
  const exp = time(map.get(CLAIM_EXP), 'exp');
  if (!exp.ok) return exp;
  const iat = time(map.get(CLAIM_IAT), 'iat');
  if (!iat.ok) return iat;
  const hcertClaim = map.get(CLAIM_HCERT);
  const hcert = hcertClaim instanceof Map ? hcertClaim.get(HCERT_EU_DCC) : undefined;
  if (!(hcert instanceof Map)) {
    return fail(issue('DCC_HCERT_MISSING', 'CWT: claim -260 holds no EU DCC map under key 1', 'hcert'));
  }
  const claims: CwtClaims = { hcert };
  if (iss !== undefined) claims.iss = iss;
  if (exp.value !== undefined) claims.exp = exp.value;
  if (iat.value !== undefined) claims.iat = iat.value;
  return ok(claims);
}
