/** TypeBox schemas of the health routes (validation and the OpenAPI document from one source). */
import { Type } from 'typebox';
import { ISO_DATE_PATTERN } from '@oneqr/qr';
import { PERSON_ID_PATTERN } from '../registry/index.ts';
import { CLAUSE_ID_PATTERN, COLOURS, MAX_CLAUSES } from '@oneqr/qr';
import { RULE_SET_ID_PATTERN } from './rules.ts';
import { VACCINES } from './vaccines.ts';

const IsoTime = Type.String({ format: 'date-time' });
const PersonId = Type.String({
  pattern: PERSON_ID_PATTERN,
  description: 'Registry id number (CCCD, CMND or passport)',
});
const NullableString = Type.Union([Type.String(), Type.Null()]);
export const ColourSchema = Type.Enum(COLOURS, {
  description: "'default-green' is the national default's faint green",
});

export const VaccinationBody = Type.Object(
  {
    personId: PersonId,
    vaccineCode: Type.String({
      minLength: 1,
      maxLength: 50,
      description: `EU DCC value set vaccine-medicinal-product code: ${VACCINES.map((v) => v.code).join(', ')}`,
    }),
    vaccineName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Defaults to the product name' }),
    ),
    lot: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    doseNumber: Type.Integer({ minimum: 1, maximum: 10 }),
    totalDoses: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 5, description: "Defaults to the product's primary series" }),
    ),
    administeredOn: Type.String({ pattern: ISO_DATE_PATTERN, description: 'YYYY-MM-DD' }),
    site: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const VaccinationView = Type.Object(
  {
    id: Type.String(),
    personId: Type.String(),
    vaccineCode: Type.String(),
    vaccineName: Type.String(),
    lot: NullableString,
    doseNumber: Type.Integer(),
    totalDoses: Type.Integer(),
    administeredOn: Type.String(),
    site: NullableString,
    createdAt: IsoTime,
  },
  { additionalProperties: false },
);

const TestTypeSchema = Type.Union([Type.Literal('pcr'), Type.Literal('rapid-antigen')]);
const TestResultSchema = Type.Union([Type.Literal('negative'), Type.Literal('positive')]);

export const TestBody = Type.Object(
  { personId: PersonId, testType: TestTypeSchema, result: TestResultSchema, sampledAt: IsoTime },
  { additionalProperties: false },
);

export const TestView = Type.Object(
  {
    id: Type.String(),
    personId: Type.String(),
    testType: TestTypeSchema,
    result: TestResultSchema,
    sampledAt: IsoTime,
    createdAt: IsoTime,
  },
  { additionalProperties: false },
);

const CaseStatusSchema = Type.Union([
  Type.Literal('none'),
  Type.Literal('f0'),
  Type.Literal('f1'),
  Type.Literal('recovered'),
]);

export const PersonParams = Type.Object({ personId: PersonId }, { additionalProperties: false });

export const CaseBody = Type.Object(
  {
    status: CaseStatusSchema,
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Defaults to now' })),
    recoveredCertificateAt: Type.Optional(
      Type.Union([IsoTime, Type.Null()], {
        description: "When the recovery certificate was issued (status 'recovered' only)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CaseView = Type.Object(
  {
    personId: Type.String(),
    status: CaseStatusSchema,
    since: IsoTime,
    recoveredCertificateAt: Type.Union([IsoTime, Type.Null()]),
    updatedAt: IsoTime,
  },
  { additionalProperties: false },
);

/** Which rule set version, of which province, and which clause decided a colour. */
const RULE_REF = {
  id: Type.String(),
  version: Type.Integer(),
  province: Type.Union([Type.String(), Type.Null()]),
  clause: Type.String({ description: 'The clause that decided' }),
};

export const ColourAnswerView = Type.Object(
  {
    colour: ColourSchema,
    rule: Type.Object(RULE_REF, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const PersonHealthQuery = Type.Object(
  {
    province: Type.Optional(
      Type.String({
        pattern: '^\\d{2}$',
        description: "Rules of this province (default: the person's registered province)",
      }),
    ),
  },
  { additionalProperties: false },
);

export const PersonHealthView = Type.Object(
  {
    personId: Type.String(),
    at: IsoTime,
    vaccinations: Type.Array(VaccinationView),
    tests: Type.Array(TestView),
    caseStatus: Type.Union([CaseView, Type.Null()]),
    colour: ColourAnswerView,
  },
  { additionalProperties: false },
);

const Clause = Type.Object(
  {
    id: Type.String({ pattern: CLAUSE_ID_PATTERN }),
    colour: ColourSchema,
    when: Type.Unknown({ description: 'CertLogic expression over the colour data object' }),
  },
  { additionalProperties: false },
);

export const RuleSetView = Type.Object(
  {
    id: Type.String(),
    province: Type.Union([Type.String(), Type.Null()], { description: 'null: the national default' }),
    version: Type.Integer(),
    name: Type.String(),
    validFrom: IsoTime,
    createdAt: IsoTime,
    clauses: Type.Array(Clause),
  },
  { additionalProperties: false },
);

export const RuleSetsView = Type.Object(
  {
    at: IsoTime,
    dataObject: Type.String({ description: 'Shape of the data object the clauses are evaluated over' }),
    ruleSets: Type.Array(RuleSetView, {
      description: 'Per rule set: the version deciding now, then any scheduled later versions',
    }),
  },
  { additionalProperties: false },
);

export const ProvinceParams = Type.Object(
  {
    province: Type.String({ pattern: '^(\\d{2}|national)$', description: "2-digit GSO code, or 'national'" }),
  },
  { additionalProperties: false },
);

export const RuleVersionBody = Type.Object(
  {
    id: Type.Optional(
      Type.String({ pattern: RULE_SET_ID_PATTERN, description: "Required for a province's first rule set" }),
    ),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    validFrom: Type.Optional(
      Type.String({ format: 'date-time', description: 'Defaults to now; never in the past' }),
    ),
    clauses: Type.Array(Clause, { minItems: 1, maxItems: MAX_CLAUSES }),
  },
  { additionalProperties: false },
);

/** The citizen's own colour card: the colour, the rule that decided it, and the facts it used. */
export const MyHealthCardView = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    colour: ColourSchema,
    rule: Type.Object(
      { ...RULE_REF, name: Type.String({ description: 'The rule set as its province names it' }) },
      { additionalProperties: false },
    ),
    basis: Type.Object(
      {
        doses: Type.Integer({ description: 'Doses recorded' }),
        lastDoseOn: Type.Union([Type.String(), Type.Null()]),
        lastTest: Type.Union([
          Type.Object(
            {
              testType: Type.String(),
              result: Type.String(),
              sampledAt: Type.String({ format: 'date-time' }),
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ]),
        caseStatus: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const CoverageView = Type.Object(
  {
    provinces: Type.Array(
      Type.Object(
        {
          provinceCode: Type.String({ description: "2-digit code of the ID number's birth province" }),
          registered: Type.Integer(),
          vaccinated: Type.Integer({ description: 'At least one dose' }),
          complete: Type.Integer({ description: 'Primary series complete' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
