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

export const AccessLogQuery = Type.Object(
  {
    limit: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,4}$',
        description: 'At most this many entries (1-1000, default 100)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const AccessLogResponse = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          actor: Type.Union([Type.Object({ name: Type.String(), role: RoleSchema }), Type.Null()], {
            description: 'Who asked; null when the request carried no valid token',
          }),
          fields: Type.Array(Type.String(), { description: 'Fields disclosed (or refused)' }),
          purpose: Type.String(),
          outcome: Type.Union([Type.Literal('disclosed'), Type.Literal('refused')]),
          route: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
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
