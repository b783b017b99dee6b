/** TypeBox schemas of the linkage routes. */
import { Type } from 'typebox';
import { PERSON_ID_PATTERN } from '../registry/index.ts';

const Key = Type.String({ minLength: 1, maxLength: 100 });
const Json = Type.Unknown();

export const RecordParams = Type.Object({ site: Key, recordId: Key }, { additionalProperties: false });
export const PersonParams = Type.Object(
  { personId: Type.String({ pattern: PERSON_ID_PATTERN }) },
  { additionalProperties: false },
);

export const ReviewQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    afterSite: Type.Optional(Key),
    afterRecordId: Type.Optional(Key),
  },
  { additionalProperties: false },
);

export const ReviewBody = Type.Object(
  {
    action: Type.Union([Type.Literal('accept'), Type.Literal('reject'), Type.Literal('correct')]),
    personId: Type.Optional(Type.String({ pattern: PERSON_ID_PATTERN, description: 'For correct' })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ReviewItemView = Type.Object({
  site: Type.String(),
  recordId: Type.String(),
  idNumber: Type.String(),
  fullName: Type.String(),
  birthDate: Type.Union([Type.String(), Type.Null()]),
  gender: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  vaccineCode: Type.String(),
  vaccinationDate: Type.String(),
  doseNumber: Type.Integer(),
  score: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.String(),
  candidates: Type.Array(Json, { description: 'personId, score and features of each candidate, best first' }),
});
export const ReviewQueueView = Type.Object({ items: Type.Array(ReviewItemView) });

export const ReviewOutcomeView = Type.Object({
  decision: Type.Union([Type.Literal('linked'), Type.Literal('unmatched')]),
  personId: Type.Union([Type.String(), Type.Null()]),
  vaccinationId: Type.Union([Type.String(), Type.Null()]),
});

const Counts = Type.Record(Type.String(), Type.Integer());
export const ReportView = Type.Object({
  byCategory: Type.Record(Type.String(), Counts),
  byProvince: Counts,
  bySite: Type.Record(Type.String(), Counts),
});

export const LinkedDosesView = Type.Object({
  personId: Type.String(),
  doses: Type.Array(
    Type.Object({
      site: Type.String(),
      recordId: Type.String(),
      vaccineCode: Type.String(),
      lot: Type.Union([Type.String(), Type.Null()]),
      vaccinationDate: Type.String(),
      doseNumber: Type.Integer(),
      category: Type.String(),
      score: Type.Union([Type.Number(), Type.Null()]),
      decidedBy: Type.String(),
      vaccinationId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const UploadQuery = Type.Object({ site: Key }, { additionalProperties: false });
export const UploadView = Type.Object({
  importId: Type.String({ description: 'GET /v1/vaccinations/imports/{id} reads it back' }),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(
    Type.Object({ line: Type.Integer(), field: Type.String(), code: Type.String(), message: Type.String() }),
  ),
});

const ImportProperties = {
  id: Type.String(),
  site: Type.String(),
  clientId: Type.String(),
  format: Type.String(),
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  failure: Type.Union([Type.String(), Type.Null()]),
  rows: Type.Integer(),
  inserted: Type.Integer(),
  unchanged: Type.Integer(),
  rejected: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
};
export const ImportsQuery = Type.Object(
  {
    site: Type.Optional(Key),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export const ImportParams = Type.Object({ id: Key }, { additionalProperties: false });
export const ImportsView = Type.Object({ items: Type.Array(Type.Object(ImportProperties)) });
export const ImportView = Type.Object({ ...ImportProperties, errors: UploadView.properties.errors });
