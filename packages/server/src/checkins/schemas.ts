/** TypeBox schemas of the check-in routes. */
import { Type } from 'typebox';
import { ISO_DATE_PATTERN } from '@oneqr/qr';
import { ScanAnswer } from '../scan/service.ts';
import { EVENT_ID_PATTERN, MAX_BATCH } from './service.ts';

export { ErrorReply } from '../errors.ts';

const Direction = Type.Union([Type.Literal('in'), Type.Literal('out')]);

/** Loose on purpose where the service checks: a bad event in a batch rejects only itself, with its code. */
export const CheckinEvent = Type.Object(
  {
    eventId: Type.String({
      maxLength: 200,
      description: `Client-generated, ${EVENT_ID_PATTERN}; a re-upload stores the event once`,
    }),
    direction: Type.String({ maxLength: 10, description: '"in" or "out"' }),
    at: Type.String({ maxLength: 40, description: "The device's time of the event, ISO-8601" }),
    venueCode: Type.Optional(Type.String({ maxLength: 400, description: 'Citizen: the venue QR scanned' })),
    venueId: Type.Optional(
      Type.String({
        maxLength: 40,
        description: 'Venue staff: the venue (default: the one the client is bound to)',
      }),
    ),
    personCode: Type.Optional(
      Type.String({
        maxLength: 2000,
        description: 'Venue staff: the personal QR, CCCD string or ID number scanned',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CheckinBatchBody = Type.Object(
  { events: Type.Array(CheckinEvent, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false },
);

const acceptedFields = {
  status: Type.Union([Type.Literal('stored'), Type.Literal('duplicate')]),
  eventId: Type.String(),
  venueId: Type.String(),
  direction: Type.String(),
  at: Type.String(),
  serverAt: Type.String({ format: 'date-time' }),
  shown: Type.Optional(ScanAnswer),
};

export const CheckinReply = Type.Object(acceptedFields, { additionalProperties: false });

export const CheckinBatchReply = Type.Object(
  {
    results: Type.Array(
      Type.Union([
        Type.Object({ index: Type.Integer(), ...acceptedFields }, { additionalProperties: false }),
        Type.Object(
          {
            index: Type.Integer(),
            status: Type.Literal('rejected'),
            eventId: Type.Union([Type.String(), Type.Null()]),
            code: Type.String(),
            message: Type.String(),
          },
          { additionalProperties: false },
        ),
      ]),
    ),
    stored: Type.Integer(),
    duplicate: Type.Integer(),
    rejected: Type.Integer(),
  },
  { additionalProperties: false },
);

export const HistoryParams = Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{1,22}$' }) });

export const HistoryQuery = Type.Object(
  {
    day: Type.String({ pattern: ISO_DATE_PATTERN, description: 'Vietnam calendar day, YYYY-MM-DD' }),
    direction: Type.Optional(Direction),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    // Checked by the route (VENUES_HISTORY_LIMIT_INVALID), so an out-of-range limit gets its own code.
    limit: Type.Optional(Type.String({ maxLength: 20, description: '1-1000, default 100' })),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
  },
  { additionalProperties: false },
);

export const HistoryReply = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          eventId: Type.String(),
          direction: Direction,
          at: Type.String(),
          serverAt: Type.String(),
          person: Type.String({ description: 'The ID number, masked' }),
          source: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    next: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const OccupancyReply = Type.Object(
  { venueId: Type.String(), inside: Type.Integer(), at: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);

export const HourlyQuery = Type.Object(
  { day: Type.String({ pattern: ISO_DATE_PATTERN, description: 'Vietnam calendar day, YYYY-MM-DD' }) },
  { additionalProperties: false },
);

export const HourlyReply = Type.Object(
  {
    day: Type.String(),
    hours: Type.Array(Type.Integer(), {
      minItems: 24,
      maxItems: 24,
      description: 'Entries at every venue in each Vietnam hour 0-23',
    }),
  },
  { additionalProperties: false },
);

export const MyCheckinsReply = Type.Object(
  {
    checkins: Type.Array(
      Type.Object(
        {
          eventId: Type.String(),
          venueId: Type.String(),
          venueName: Type.Union([Type.String(), Type.Null()]),
          direction: Direction,
          at: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
