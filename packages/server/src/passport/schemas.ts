/** TypeBox schemas of the passport routes. */
import { Type } from 'typebox';
import { UVCI_PATTERN } from './service.ts';

export { ErrorReply } from '../errors.ts';

const Text2 = Type.Object({ vi: Type.String(), en: Type.String() }, { additionalProperties: false });

export const PassportView = Type.Object(
  {
    uvci: Type.String({ description: 'URN:UVCI:01:VN:… with its check character' }),
    status: Type.Union([Type.Literal('current'), Type.Literal('superseded'), Type.Literal('revoked')]),
    issuedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    kid: Type.String({ description: 'The signing DSC kid (base64)' }),
    hc1: Type.String({ description: 'The QR text: HC1: then Base45' }),
    fields: Type.Array(
      Type.Object({ key: Type.String(), label: Text2, value: Text2 }, { additionalProperties: false }),
      { description: 'The 11 fields Decision 5772 displays, in Vietnamese and English' },
    ),
  },
  { additionalProperties: false },
);

export const IssueForPersonBody = Type.Object(
  {
    idNumber: Type.String({ minLength: 1, maxLength: 20 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  },
  { additionalProperties: false },
);

export const RevokeBody = Type.Object(
  { uvci: Type.String({ pattern: UVCI_PATTERN, maxLength: 80 }) },
  { additionalProperties: false },
);

export const RevokeReply = Type.Object({
  uvci: Type.String(),
  hash: Type.String({ description: 'The UCI revocation hash now listed' }),
});

export const GatewayList = Type.Array(
  Type.Object({
    kid: Type.String(),
    country: Type.String(),
    certificateType: Type.String(),
    rawData: Type.String({ description: 'DER, base64' }),
  }),
);

export const RevocationList = Type.Array(
  Type.Object({
    country: Type.String(),
    expires: Type.String({ format: 'date-time' }),
    kid: Type.String(),
    hashType: Type.Literal('UCI'),
    entries: Type.Array(Type.Object({ hash: Type.String() })),
  }),
);
