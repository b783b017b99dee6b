/** TypeBox schemas of the issuers routes (validation and the OpenAPI document from one source). */
import { Type } from 'typebox';
import { ISSUER_ID_PATTERN, RIGHTS } from '@oneqr/qr';
import { OVERLAP_DAYS } from './keys.ts';

const IsoTime = Type.String({ format: 'date-time' });

/** A public P-256 JWK. Listing the members also keeps any private member out of a response. */
export const PublicJwk = Type.Object(
  {
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Type.String(),
    y: Type.String(),
    kid: Type.Optional(Type.String()),
    alg: Type.Optional(Type.String()),
    use: Type.Optional(Type.String()),
  },
  { description: 'Public P-256 JWK' },
);

export const Right = Type.Union(RIGHTS.map((r) => Type.Literal(r)));

export const IssuerKey = Type.Object({
  kid: Type.String({ description: 'Key id (SPEC §2.1): 8 base64url characters' }),
  issuerId: Type.String(),
  publicJwk: PublicJwk,
  notBefore: IsoTime,
  notAfter: Type.Union([IsoTime, Type.Null()], {
    description:
      'End of the signing period (codes issued at or after it are refused); null for the current key',
  }),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked')]),
  revokedAt: Type.Union([IsoTime, Type.Null()]),
  createdAt: IsoTime,
});

export const Issuer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  rights: Type.Array(Right),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  createdAt: IsoTime,
  keys: Type.Array(IssuerKey),
});

export const CreateIssuerBody = Type.Object(
  {
    id: Type.String({ pattern: ISSUER_ID_PATTERN, description: 'Stable id, e.g. pc-covid' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    rights: Type.Array(Right, { minItems: 1, maxItems: RIGHTS.length, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const RotateBody = Type.Object(
  {
    overlapDays: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: OVERLAP_DAYS.max,
        description: `Days the previous key may still sign (default ${OVERLAP_DAYS.default})`,
      }),
    ),
  },
  { additionalProperties: false },
);

export const IssuerIdParams = Type.Object({ id: Type.String({ pattern: ISSUER_ID_PATTERN }) });
export const KidParams = Type.Object({ kid: Type.String({ pattern: '^[A-Za-z0-9_-]{8}$' }) });

export const RootKeyReply = Type.Object({ kid: Type.String(), publicJwk: PublicJwk });

export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
