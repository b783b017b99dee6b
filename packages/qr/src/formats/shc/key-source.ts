import type { ShcJwk, ShcKeySource, ShcRevocationList } from './types.ts';

/**
 * A key source over one issuer's published key set (`<iss>/.well-known/jwks.json`) and,
 * optionally, its revocation lists (`<iss>/.well-known/crl/<kid>.json`).
 */
export function shcKeySourceFromJwks(
  iss: string,
  jwks: { keys: ShcJwk[] },
  revocationLists: ShcRevocationList[] = [],
): ShcKeySource {
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  return {
    lookup(issuer: string, kid: string) {
      if (issuer !== iss) return [];
      return keys.filter((k) => k.kid === undefined || k.kid === kid);
    },
    revocations(issuer: string, kid: string) {
      if (issuer !== iss) return undefined;
      return revocationLists.find((l) => l.kid === kid);
    },
  };
}
