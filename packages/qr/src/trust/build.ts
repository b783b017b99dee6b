/** Building a trust list document from the CLI's issuers file (hostile input: everything checked). */
import { OneQRError, issue, type Issue } from '../errors.ts';
import { hasPrivateMembers, p256ShapeProblem, minimalPublicJwk } from '../crypto/jwk.ts';
import { kidOf } from '../crypto/kid.ts';
import { validateTrustListDocument } from './validate.ts';
import {
  TRUST_LIST_FORMAT,
  type IssuerInput,
  type TrustListDocument,
  type TrustListRevocation,
  type TrustListRevocationLog,
} from './types.ts';

/** What {@link buildTrustList} takes. */
export interface BuildTrustListInput {
  issuers: IssuerInput[];
  revocations?: TrustListRevocation[];
  /** The pointer to the revocation log (docs/revocations.md), instead of or beside `revocations`. */
  revocationLog?: TrustListRevocationLog;
  /** Default: now. */
  issuedAt?: Date;
  nextUpdate?: Date;
  /** Default: issuedAt in Unix seconds, so successive lists increase without bookkeeping. */
  sequence?: number;
}

/** Thrown by {@link buildTrustList}: the first problem's code, and every problem in `issues`. */
export class TrustListBuildError extends OneQRError {
  readonly issues: Issue[];
  constructor(issues: Issue[]) {
    const first = issues[0] ?? issue('TRUST_LIST_FIELD', 'invalid trust list input');
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    super(first.code, `${first.message}${more}`, first.field);
    this.name = 'TrustListBuildError';
    this.issues = issues;
  }
}

const KEY_META = ['kid', 'notBefore', 'notAfter', 'status', 'revokedAt'] as const;

/**
 * Builds a trust list document: computes each key's kid (or checks the one given), refuses
 * private key material, unknown rights, duplicate issuers or keys, malformed times.
 * Throws {@link TrustListBuildError} listing every problem.
 *
 * @example
 * const doc = await buildTrustList({ issuers: [{ id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue'], keys: [publicJwk] }] });
 */
export async function buildTrustList(input: BuildTrustListInput): Promise<TrustListDocument> {
  const pre: Issue[] = [];
  const issuers: unknown[] = [];
  if (!Array.isArray(input.issuers))
    throw new TrustListBuildError([issue('TRUST_LIST_FIELD', 'issuers must be a list', 'issuers')]);
  for (const [i, it] of input.issuers.entries()) {
    if (typeof it !== 'object' || it === null || !Array.isArray(it.keys)) {
      issuers.push(it); // the validator names the problem
      continue;
    }
    const keys: unknown[] = [];
    for (const [j, k] of it.keys.entries()) {
      const at = `issuers[${i}].keys[${j}]`;
      if (typeof k !== 'object' || k === null) {
        keys.push(k);
        continue;
      }
      // The input key is a JWK with extra members; split them before checking the JWK itself.
      const jwk: Record<string, unknown> = { ...k };
      for (const m of KEY_META) delete jwk[m];
      delete jwk.alg;
      delete jwk.use;
      delete jwk.key_ops;
      delete jwk.ext;
      if (hasPrivateMembers(jwk)) {
        pre.push(
          issue('TRUST_LIST_PRIVATE_KEY', `${at}: holds private key material (d); give the public key`, at),
        );
        continue;
      }
      const shape = p256ShapeProblem(k);
      if (shape !== null) {
        pre.push(issue('TRUST_LIST_KEY_INVALID', `${at}: not a P-256 public key (${shape})`, at));
        continue;
      }
      let kid = k.kid;
      if (kid === undefined) {
        try {
          kid = await kidOf(k);
        } catch {
          pre.push(issue('TRUST_LIST_KEY_INVALID', `${at}: the point is not on the P-256 curve`, at));
          continue;
        }
      }
      keys.push({
        kid,
        jwk: minimalPublicJwk(k),
        status: k.status ?? 'active',
        notBefore: k.notBefore,
        notAfter: k.notAfter,
        revokedAt: k.revokedAt,
      });
    }
    issuers.push({ id: it.id, name: it.name, rights: it.rights, keys });
  }
  const issuedAt = input.issuedAt ?? new Date();
  const candidate = {
    format: TRUST_LIST_FORMAT,
    issuedAt: issuedAt.toISOString(),
    nextUpdate: input.nextUpdate?.toISOString(),
    sequence: input.sequence ?? Math.floor(issuedAt.getTime() / 1000),
    issuers,
    revocations: input.revocations,
    revocationLog: input.revocationLog,
  };
  const result = await validateTrustListDocument(candidate);
  const problems = 'errors' in result ? [...pre, ...result.errors] : pre;
  if (problems.length > 0) throw new TrustListBuildError(problems);
  return (result as { document: TrustListDocument }).document;
}
