/** TypeBox schemas of the tracing routes. `exposures` entries are a contract (issue 7). */
import { Type } from 'typebox';
import { PERSON_ID_PATTERN } from '../registry/index.ts';

export { ErrorReply } from '../errors.ts';

const Instant = Type.String({ format: 'date-time' });

export const ExposuresBody = Type.Object(
  {
    idNumber: Type.String({ pattern: PERSON_ID_PATTERN, description: 'The F0' }),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    windowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
    f2: Type.Optional(
      Type.Boolean({ description: 'Also the contacts of the F1s (venue, vehicle, declared), same window' }),
    ),
  },
  { additionalProperties: false },
);

export const ConfirmCaseBody = Type.Object(
  {
    idNumber: Type.String({ pattern: PERSON_ID_PATTERN }),
    confirmedAt: Type.String({ format: 'date-time', description: 'Positive test or onset' }),
    daysBefore: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 30, description: 'Infectious window start (default 2)' }),
    ),
    to: Type.Optional(Instant),
    windowMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  },
  { additionalProperties: false },
);

export const ExposureEntry = Type.Object(
  {
    idNumber: Type.String(),
    venueId: Type.String(),
    overlapStart: Instant,
    overlapEnd: Instant,
    minutes: Type.Integer(),
  },
  { additionalProperties: false },
);

/** Beside the venue entries (unchanged contract): same vehicle and date in movement declarations. */
export const VehicleEntry = Type.Object(
  {
    idNumber: Type.String(),
    via: Type.String({ description: 'The case (or F1) who declared the same vehicle and date' }),
    vehicle: Type.String({
      description: 'Normalised: road:<plate>, air:<flight>, rail:<train>, water:<ship>',
    }),
    date: Type.String({ description: 'Travel date, YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

export const ContactEntry = Type.Object(
  {
    idNumber: Type.String(),
    via: Type.String(),
    declared: Type.Union([Type.Literal('named-by-case'), Type.Literal('named-case')]),
    date: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const F2Entry = Type.Object(
  {
    idNumber: Type.String(),
    via: Type.String({ description: 'The F1 it was found through' }),
    kind: Type.Union([Type.Literal('venue'), Type.Literal('vehicle'), Type.Literal('contact')]),
  },
  { additionalProperties: false },
);

const ExposureLists = {
  exposures: Type.Array(ExposureEntry),
  vehicles: Type.Array(VehicleEntry),
  contacts: Type.Array(ContactEntry),
  f2: Type.Optional(Type.Array(F2Entry, { description: 'Only when f2 was asked for' })),
};

export const ExposuresReply = Type.Object(
  {
    from: Instant,
    to: Instant,
    windowMinutes: Type.Integer(),
    ...ExposureLists,
  },
  { additionalProperties: false },
);

export const ConfirmCaseReply = Type.Object(
  {
    caseId: Type.String(),
    from: Instant,
    to: Instant,
    windowMinutes: Type.Integer(),
    ...ExposureLists,
    markedF1: Type.Integer(),
    notified: Type.Integer(),
  },
  { additionalProperties: false },
);

export const FeedReply = Type.Object(
  {
    notifications: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          createdAt: Instant,
          deliveredAt: Type.Union([Instant, Type.Null()]),
          body: Type.Unknown(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
