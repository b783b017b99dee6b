/** TypeBox schemas of the access routes (validation and the OpenAPI document from one source). */
import { Type } from 'typebox';
import { ROLES } from './roles.ts';

const RoleSchema = Type.Enum(ROLES, { description: 'One of the platform roles (SPEC §8)' });

const Nullable = (s: ReturnType<typeof Type.String>) => Type.Union([s, Type.Null()]);

export const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 64, description: 'client_credentials (optional)' })),
    client_id: Type.String({ minLength: 1, maxLength: 200 }),
    client_secret: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds until the token expires' }),
  },
  { additionalProperties: false },
);

const OutcomeSchema = Type.Union([Type.Literal('disclosed'), Type.Literal('refused')]);

const AccessLogFilterProperties = {
  role: Type.Optional(RoleSchema),
  outcome: Type.Optional(OutcomeSchema),
};

export const AccessLogQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: '^([1-9][0-9]{0,2}|1000)$',
        description: 'At most this many entries (1-1000, default 100)',
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '^[A-Za-z0-9_-]+$',
        description: "The previous page's nextCursor: the entries after it (older)",
      }),
    ),
    ...AccessLogFilterProperties,
  },
  { additionalProperties: false },
);

const Actor = Type.Union([Type.Object({ name: Type.String(), role: RoleSchema }), Type.Null()], {
  description: 'Who asked; null when the request carried no valid token',
});

export const AccessLogResponse = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          actor: Actor,
          fields: Type.Array(Type.String(), { description: 'Fields disclosed (or refused)' }),
          purpose: Type.String(),
          outcome: OutcomeSchema,
          route: Type.String(),
        },
        { additionalProperties: false },
      ),
      { description: 'Newest first' },
    ),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as cursor for the next (older) page; null on the last page',
    }),
  },
  { additionalProperties: false },
);

export const AccessLogSummaryQuery = Type.Object(AccessLogFilterProperties, { additionalProperties: false });

export const AccessLogSummaryResponse = Type.Object(
  {
    total: Type.Integer({ description: 'Entries matching the filter' }),
    readers: Type.Array(
      Type.Object(
        {
          actor: Actor,
          purpose: Type.String(),
          outcome: OutcomeSchema,
          count: Type.Integer(),
          firstAt: Type.String({ format: 'date-time' }),
          lastAt: Type.String({ format: 'date-time' }),
        },
        { additionalProperties: false },
      ),
      { description: 'One row per reader, purpose and outcome; latest first' },
    ),
    truncated: Type.Boolean({ description: 'More rows than the 1,000 shown' }),
  },
  { additionalProperties: false },
);

const scopeId = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });

export const NewClientBody = Type.Object(
  {
    role: RoleSchema,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    issuerId: Type.Optional(scopeId('Issuing app (required for role app)')),
    personId: Type.Optional(scopeId('Registry id number (required for role citizen, refused otherwise)')),
    venueId: Type.Optional(scopeId('Venue the staff scan for')),
    siteId: Type.Optional(
      scopeId('Vaccination site code (required for role vaccination-site, refused otherwise)'),
    ),
  },
  { additionalProperties: false },
);

const clientProperties = {
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  issuerId: Nullable(Type.String()),
  personId: Nullable(Type.String()),
  venueId: Nullable(Type.String()),
  siteId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  disabledAt: Nullable(Type.String({ format: 'date-time' })),
};

export const ClientView = Type.Object(clientProperties, { additionalProperties: false });

export const CreatedClient = Type.Object(
  {
    ...clientProperties,
    clientSecret: Type.String({ description: 'Shown once; only its hash is kept' }),
  },
  { additionalProperties: false },
);

export const ClientList = Type.Object({ clients: Type.Array(ClientView) }, { additionalProperties: false });

export const ListClientsQuery = Type.Object(
  { role: Type.Optional(RoleSchema) },
  { additionalProperties: false },
);

export const ClientIdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

// Citizen sign-in (phone + one-time code) and linking to the registry.

export const OtpRequestBody = Type.Object(
  {
    phone: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'Mobile number: 0944713700 or +84944713700',
    }),
    app: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The issuing app signed in through (pc-covid, vneid, health-book): it issues the QR',
    }),
  },
  { additionalProperties: false },
);

export const OtpChallenge = Type.Object(
  {
    challengeId: Type.String(),
    expiresIn: Type.Integer({ description: 'Seconds the code stays valid' }),
    resendAfter: Type.Integer({ description: 'Seconds before another code may be asked for' }),
  },
  { additionalProperties: false },
);

export const OtpAnswerBody = Type.Object(
  {
    challengeId: Type.String({ minLength: 1, maxLength: 64 }),
    code: Type.String({ minLength: 1, maxLength: 12, description: 'The six digits received' }),
  },
  { additionalProperties: false },
);

export const CitizenSession = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer(),
    linked: Type.Boolean({ description: 'Whether the account is linked to a registry person yet' }),
  },
  { additionalProperties: false },
);

export const LinkBody = Type.Object(
  {
    idNumber: Type.String({ minLength: 1, maxLength: 20, description: 'CCCD / personal id number' }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.String({ minLength: 10, maxLength: 10, description: 'YYYY-MM-DD' }),
  },
  { additionalProperties: false },
);

const MePerson = Type.Object(
  {
    idNumber: Type.String(),
    fullName: Type.String(),
    birthDate: Type.String(),
    gender: Type.Union([Type.Literal('male'), Type.Literal('female'), Type.Literal('unknown')]),
    provinceCode: Type.Union([Type.String(), Type.Null()]),
    qid: Type.String(),
  },
  { additionalProperties: false },
);

export const LinkResponse = Type.Object(
  { linked: Type.Literal(true), person: MePerson },
  { additionalProperties: false },
);

export const MeResponse = Type.Object(
  {
    account: Type.Union([
      Type.Object(
        {
          phone: Type.String({ description: 'Masked: 094****700' }),
          app: Type.String({ description: 'The issuing app this session signed in through' }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    person: Type.Union([MePerson, Type.Null()], { description: 'null until the account is linked' }),
  },
  { additionalProperties: false },
);
