/** TypeBox schemas of the registry routes (validation and the OpenAPI document from one source). */
import { Type } from 'typebox';
import { ADDRESS_MAX, NAME_MAX } from './validate.ts';

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const PersonParams = Type.Object(
  {
    idNumber: Type.String({
      minLength: 1,
      maxLength: 32,
      description: '12-digit personal ID, 9-digit CMND, or passport number',
    }),
  },
  { additionalProperties: false },
);

/**
 * A person to add. Shapes are checked by the service (not here), so each problem gets its own
 * code: REGISTRY_ID_INVALID or REGISTRY_PERSON_INVALID with `details.field` and `details.reason`.
 */
export const PersonBody = Type.Object(
  {
    idNumber: Type.String({
      maxLength: 32,
      description: '12-digit personal ID, 9-digit CMND, or passport number',
    }),
    documentType: Type.Optional(
      Type.String({
        maxLength: 16,
        description: 'citizen-id | cmnd | passport (inferred from the number when absent)',
      }),
    ),
    fullName: Type.String({
      maxLength: 4 * NAME_MAX,
      description: `With diacritics, at most ${NAME_MAX} characters`,
    }),
    birthDate: Type.String({ maxLength: 16, description: 'YYYY-MM-DD' }),
    gender: Type.Optional(Type.String({ maxLength: 16, description: 'male | female | unknown (default)' })),
    phone: Type.Optional(
      Type.Union([Type.String({ maxLength: 16 }), Type.Null()], { description: '10 digits starting with 0' }),
    ),
    provinceCode: Type.Optional(
      Type.Union([Type.String({ maxLength: 4 }), Type.Null()], {
        description: 'GSO code, 2 digits (79) or 3 (079); stored as 2',
      }),
    ),
    address: Type.Optional(
      Type.Union([Type.String({ maxLength: 4 * ADDRESS_MAX }), Type.Null()], {
        description: `At most ${ADDRESS_MAX} characters`,
      }),
    ),
  },
  { additionalProperties: false },
);

export const PersonView = Type.Object(
  {
    idNumber: Type.String(),
    documentType: Type.Union([Type.Literal('citizen-id'), Type.Literal('cmnd'), Type.Literal('passport')]),
    fullName: Type.String({ description: 'NFC, with diacritics' }),
    birthDate: Type.String({ description: 'YYYY-MM-DD' }),
    gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')]),
    phone: NullableString,
    provinceCode: NullableString,
    address: NullableString,
    qid: Type.String({ description: 'Opaque 18-digit string issued by the platform; never a number' }),
    declarerQid: NullableString,
  },
  { additionalProperties: false },
);

const Warning = Type.Object(
  { code: Type.String(), field: Type.String(), message: Type.String() },
  { additionalProperties: false },
);

export const CreatedPersonView = Type.Object(
  {
    person: PersonView,
    warnings: Type.Array(Warning, {
      description: 'Accepted anyway: the ID number disagrees with the birth year or gender (SPEC §3.1)',
    }),
  },
  { additionalProperties: false },
);
