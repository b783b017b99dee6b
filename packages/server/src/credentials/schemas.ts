/** TypeBox schemas of the credentials routes. */
import { Type } from 'typebox';
import { ISO_DATE_PATTERN, QID_PATTERN } from '@oneqr/qr';

const Qid = Type.String({ pattern: QID_PATTERN, description: 'QID: opaque, never a number' });

export const IssuePersonalBody = Type.Object(
  {
    idNumber: Type.String({ minLength: 1, maxLength: 20, description: 'CCCD / CMND / passport number' }),
    fullName: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'As the user typed it; compared after folding',
    }),
    birthDate: Type.String({ pattern: ISO_DATE_PATTERN }),
    declarationType: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)])),
    declarerQid: Type.Optional(Qid),
    gender: Type.Optional(
      Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')]),
    ),
    insuranceNumber: Type.Optional(Type.String({ maxLength: 20 })),
    phone: Type.Optional(Type.String({ maxLength: 15 })),
    image: Type.Optional(
      Type.Array(Type.Union([Type.Literal('svg'), Type.Literal('png')]), { maxItems: 2, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

export const IssuedPersonalReply = Type.Object({
  payload: Type.String({ description: 'The signed Decision 1405 payload (SPEC §2.1)' }),
  qid: Type.String(),
  kid: Type.String(),
  iat: Type.Integer({ description: 'Issue time, Unix seconds' }),
  svg: Type.Optional(Type.String()),
  png: Type.Optional(Type.String({ description: 'PNG, base64' })),
});

export const QidParams = Type.Object({ qid: Qid });

export const CredentialStatusReply = Type.Object({
  qid: Type.String(),
  kid: Type.String(),
  iat: Type.Integer(),
  issuedAt: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('active'), Type.Literal('superseded'), Type.Literal('key-revoked')]),
  payloadSha256: Type.String(),
});

export const ErrorReply = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const MyQrReply = Type.Object(
  {
    payload: Type.String({ description: 'The signed Decision 1405 payload to display' }),
    qid: Type.String(),
    kid: Type.String(),
    iat: Type.Integer({ description: 'Issue time, Unix seconds' }),
    issuer: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
