/** TypeBox schemas of the declarations routes. Answers are checked against the form version (forms.ts). */
import { Type } from 'typebox';
import { PERSON_ID_PATTERN } from '../registry/index.ts';

export { ErrorReply } from '../errors.ts';

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DeclarationBody = Type.Object(
  {
    form: Type.String({ minLength: 1, maxLength: 32, description: '`health` or `movement`' }),
    version: Type.Integer({
      minimum: 1,
      maximum: 1000,
      description: 'The form version (GET /v1/declarations/forms)',
    }),
    idNumber: Type.Optional(
      Type.String({
        pattern: PERSON_ID_PATTERN,
        description:
          'The person declared for: a citizen’s dependent (default: oneself); required for officers',
      }),
    ),
    answers: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
      maxProperties: 40,
      description: 'Field name → answer, as the form version defines them',
    }),
  },
  { additionalProperties: false },
);

export const DeclarationReply = Type.Object(
  {
    id: Type.String(),
    form: Type.String(),
    version: Type.Integer(),
    idNumber: Type.String(),
    declarerQid: Nullable(Type.String()),
    onBehalf: Type.Boolean(),
    answers: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Instant,
    qr: Nullable(
      Type.Object(
        { payload: Type.String({ description: 'OQD1:… (docs/declaration-qr.md)' }), expiresAt: Instant },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const DeclarationListReply = Type.Object(
  { declarations: Type.Array(DeclarationReply) },
  { additionalProperties: false },
);

export const PersonParams = Type.Object({ idNumber: Type.String({ pattern: PERSON_ID_PATTERN }) });

export const FormsReply = Type.Object(
  {
    forms: Type.Array(
      Type.Object({
        form: Type.String(),
        version: Type.Integer(),
        title: Type.String(),
        fields: Type.Array(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  },
  { additionalProperties: false },
);
