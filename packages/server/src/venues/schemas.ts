/** TypeBox schemas of the venues routes. */
import { Type } from 'typebox';
import { PHONE_PATTERN } from '@oneqr/qr';
import { VENUE_ID_PATTERN } from './service.ts';

export { ErrorReply } from '../errors.ts';

const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Status = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('closed')]);

export const VenueId = Type.String({ pattern: VENUE_ID_PATTERN, description: 'The id the venue QR carries' });

export const OpeningHours = Type.Object({ opens: Hhmm, closes: Hhmm }, { additionalProperties: false });

export const RegisterVenueBody = Type.Object(
  {
    id: Type.Optional(VenueId),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    address: Type.String({ minLength: 1, maxLength: 300 }),
    provinceCode: Type.String({ pattern: '^\\d{2}$' }),
    districtCode: Type.Optional(Type.String({ pattern: '^\\d{3}$' })),
    communeCode: Type.Optional(Type.String({ pattern: '^\\d{5}$' })),
    ownerName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    ownerPhone: Type.Optional(Type.String({ pattern: PHONE_PATTERN })),
    openingHours: Type.Optional(OpeningHours),
    staffClientIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 100, uniqueItems: true }),
    ),
  },
  { additionalProperties: false },
);

export const VenueReply = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    address: Type.String(),
    provinceCode: Type.String(),
    districtCode: Nullable(Type.String()),
    communeCode: Nullable(Type.String()),
    ownerName: Nullable(Type.String()),
    ownerPhone: Nullable(Type.String()),
    ownerClientId: Nullable(Type.String()),
    openingHours: Nullable(OpeningHours),
    staffClientIds: Type.Array(Type.String()),
    status: Status,
    qrPayload: Type.String({ description: 'The signed venue QR (docs/venue-qr.md)' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const VenueListReply = Type.Object(
  { venues: Type.Array(VenueReply), next: Nullable(Type.String()) },
  { additionalProperties: false },
);

export const VenueParams = Type.Object({ id: VenueId });

export const VenueListQuery = Type.Object(
  {
    after: Type.Optional(VenueId),
    limit: Type.Optional(
      Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'At most this many (1-500, default 100)' }),
    ),
  },
  { additionalProperties: false },
);

export const VenueStatusBody = Type.Object({ status: Status }, { additionalProperties: false });
