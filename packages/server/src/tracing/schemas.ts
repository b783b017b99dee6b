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

export const ExposuresReply = Type.Object(
  {
    from: Instant,
    to: Instant,
    windowMinutes: Type.Integer(),
    exposures: Type.Array(ExposureEntry),
  },
  { additionalProperties: false },
);

export const ConfirmCaseReply = Type.Object(
  {
    caseId: Type.String(),
    from: Instant,
    to: Instant,
    windowMinutes: Type.Integer(),
    exposures: Type.Array(ExposureEntry),
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
