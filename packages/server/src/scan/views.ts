/**
 * What POST /v1/scan may answer, one view per role and kind of code (SPEC §8). Each view is a
 * TypeBox schema and declares the fields it audits; ScanAnswer, their union, is the route's
 * response schema, so the serialiser writes only declared properties: a property added to a
 * view object by mistake is never sent. Each view lists every other field as `unaudited` (a
 * test checks that each field is one or the other), so a new field needs a decision.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { CaseView, ColourAnswerView, ColourSchema, TestView, VaccinationView } from '../health/service.ts';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Colour = Nullable(ColourSchema);

const PersonKind = Type.Union([
  Type.Literal('personal-1405'),
  Type.Literal('cccd'),
  Type.Literal('citizen-id'),
]);
const CertificateKind = Type.Union([Type.Literal('dcc'), Type.Literal('shc')]);
const Source = Type.Union([Type.Literal('signature'), Type.Literal('registry'), Type.Literal('cccd')], {
  description:
    '`signature`: a valid signed QR; `registry`: confirmed by the population registry; `cccd`: the card’s own data, unconfirmed',
});
/** A certificate is not linked to the registry: no declaration can be found for it. */
const NoDeclaration = Type.Object(
  { state: Type.Literal('none') },
  { description: 'Movement declaration validity' },
);
/** The person's movement declaration (docs/declaration-qr.md): valid, none, or a scanned one refused. */
const Declaration = Type.Object(
  {
    state: Type.Union([Type.Literal('none'), Type.Literal('valid'), Type.Literal('refused')]),
    code: Type.Optional(Type.String({ description: 'When refused: DECLARATIONS_QR_* (docs/api-errors.md)' })),
    id: Type.Optional(Type.String()),
    date: Type.Optional(Type.String({ description: 'Travel date, YYYY-MM-DD' })),
    fromProvince: Type.Optional(Type.String()),
    toProvince: Type.Optional(Type.String()),
    vehicle: Type.Optional(Nullable(Type.String({ description: 'e.g. road:51B12345, air:VN123' }))),
    validUntil: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { description: 'Movement declaration validity' },
);
const DECLARATION_AUDITS = [
  'declaration.state',
  'declaration.id',
  'declaration.date',
  'declaration.fromProvince',
  'declaration.toProvince',
  'declaration.vehicle',
  'declaration.validUntil',
] as const;
const Warnings = Type.Optional(
  Type.Array(Type.Object({ code: Type.String(), message: Type.String() }), {
    description: 'Present when the answer needs a caveat (see docs/api-errors.md, scan warnings)',
  }),
);
const Holder = { fullName: Type.String(), birthDate: Type.String() };
/** A certificate names its holder, but nothing links it to the registry. */
const CertificateHolder = Type.Object({
  confirmed: Type.Literal(false),
  source: Type.Literal('certificate'),
  ...Holder,
});
/** How a person code's identity is known, and the name and birth date it shows. */
const PersonIdentity = { confirmed: Type.Boolean(), source: Source, ...Holder };

/** A view: its schema and which of its fields are personal data written to the audit record. */
export interface ScanView<S extends TSchema = TSchema> {
  name: string;
  schema: S;
  /** Dotted paths recorded as disclosed. */
  audits: readonly string[];
  /** Every other dotted path of the schema: not personal data. */
  unaudited: readonly string[];
}

const view = <S extends TSchema>(v: ScanView<S>): ScanView<S> => v;

export const VENUE_STAFF = view({
  name: 'venue-staff',
  schema: Type.Object(
    {
      name: Type.String({ description: 'Surname and given name in full, middle names as initials' }),
      colour: Colour,
    },
    { title: 'Venue staff' },
  ),
  audits: ['name', 'colour'],
  unaudited: [],
});

export const VENUE_CODE = view({
  name: 'venue',
  schema: Type.Object(
    {
      kind: Type.Literal('venue'),
      venue: Type.Object({
        id: Type.String(),
        name: Type.String(),
        province: Type.String(),
        commune: Nullable(Type.String()),
      }),
      issuer: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    },
    { title: 'Venue code (any scanner role)' },
  ),
  audits: [],
  unaudited: ['kind', 'venue.id', 'venue.name', 'venue.province', 'venue.commune', 'issuer'],
});

export const CHECKPOINT_PERSON = view({
  name: 'checkpoint-officer',
  schema: Type.Object(
    {
      kind: PersonKind,
      identity: Type.Object({
        ...PersonIdentity,
        documentNumber: Type.String({ description: 'Masked: the last six characters' }),
      }),
      colour: Colour,
      declaration: Declaration,
      warnings: Warnings,
    },
    { title: 'Checkpoint officer' },
  ),
  audits: [
    'identity.fullName',
    'identity.birthDate',
    'identity.documentNumber',
    'colour',
    ...DECLARATION_AUDITS,
  ],
  unaudited: ['kind', 'identity.confirmed', 'identity.source', 'warnings', 'declaration.code'],
});

export const CHECKPOINT_DECLARATION = view({
  name: 'declaration',
  schema: Type.Object(
    {
      kind: Type.Literal('declaration'),
      identity: Type.Object({
        ...PersonIdentity,
        documentNumber: Type.String({ description: 'Masked: the last six characters' }),
      }),
      colour: Colour,
      declaration: Declaration,
    },
    { title: 'Movement-declaration QR (checkpoint and health officers)' },
  ),
  audits: [
    'identity.fullName',
    'identity.birthDate',
    'identity.documentNumber',
    'colour',
    ...DECLARATION_AUDITS,
  ],
  unaudited: ['kind', 'identity.confirmed', 'identity.source', 'declaration.code'],
});

export const CHECKPOINT_CERTIFICATE = view({
  name: 'checkpoint-officer, certificate',
  schema: Type.Object(
    {
      kind: CertificateKind,
      identity: CertificateHolder,
      colour: Type.Null(),
      certificate: Type.Object({ state: Type.String() }),
      declaration: NoDeclaration,
    },
    { title: 'Checkpoint officer, EU DCC or SMART Health Card' },
  ),
  audits: ['identity.fullName', 'identity.birthDate', 'certificate.state'],
  unaudited: ['kind', 'identity.confirmed', 'identity.source', 'colour', 'declaration.state'],
});

export const HEALTH_PERSON = view({
  name: 'health-officer',
  schema: Type.Object(
    {
      kind: PersonKind,
      signature: Type.Object({ state: Type.String(), issuer: Nullable(Type.String()) }),
      identity: Type.Object({
        ...PersonIdentity,
        documentNumber: Type.String(),
        gender: Nullable(Type.String()),
        phone: Nullable(Type.String()),
        provinceCode: Nullable(Type.String()),
        address: Nullable(Type.String()),
        qid: Nullable(Type.String()),
        inRegistry: Type.Boolean(),
      }),
      colour: Colour,
      colourRule: Nullable(ColourAnswerView.properties.rule),
      vaccinations: Type.Array(VaccinationView),
      tests: Type.Array(TestView),
      caseStatus: Nullable(CaseView),
      warnings: Warnings,
    },
    { title: 'Health officer' },
  ),
  audits: [
    'identity.fullName',
    'identity.birthDate',
    'identity.documentNumber',
    'identity.gender',
    'identity.phone',
    'identity.provinceCode',
    'identity.address',
    'identity.qid',
    'colour',
    'colourRule',
    'vaccinations',
    'tests',
    'caseStatus',
  ],
  unaudited: [
    'kind',
    'signature.state',
    'signature.issuer',
    'identity.confirmed',
    'identity.source',
    'identity.inRegistry',
    'warnings',
  ],
});

export const HEALTH_CERTIFICATE = view({
  name: 'health-officer, certificate',
  schema: Type.Object(
    {
      kind: CertificateKind,
      identity: CertificateHolder,
      certificate: Type.Object({
        state: Type.String(),
        fields: Type.Unknown({ description: 'The decoded certificate, as read' }),
      }),
    },
    { title: 'Health officer, EU DCC or SMART Health Card' },
  ),
  audits: ['identity.fullName', 'identity.birthDate', 'certificate.state', 'certificate.fields'],
  unaudited: ['kind', 'identity.confirmed', 'identity.source'],
});

/** Every view, least-disclosing first; the union keeps that order, so an ambiguous object is written as the smaller view. */
export const SCAN_VIEWS = [
  VENUE_STAFF,
  VENUE_CODE,
  CHECKPOINT_CERTIFICATE,
  CHECKPOINT_PERSON,
  CHECKPOINT_DECLARATION,
  HEALTH_CERTIFICATE,
  HEALTH_PERSON,
] as const;

type SchemasOf<T extends readonly ScanView[]> = { -readonly [K in keyof T]: T[K]['schema'] };

export const ScanAnswer = Type.Union(SCAN_VIEWS.map((v) => v.schema) as SchemasOf<typeof SCAN_VIEWS>, {
  description: 'One view per role (SPEC §8): see docs/roles.md',
});

export type VenueStaffView = Static<typeof VENUE_STAFF.schema>;
export type VenueCodeView = Static<typeof VENUE_CODE.schema>;
export type CheckpointPersonView = Static<typeof CHECKPOINT_PERSON.schema>;
export type CheckpointDeclarationView = Static<typeof CHECKPOINT_DECLARATION.schema>;
export type CheckpointCertificateView = Static<typeof CHECKPOINT_CERTIFICATE.schema>;
export type HealthPersonView = Static<typeof HEALTH_PERSON.schema>;
export type HealthCertificateView = Static<typeof HEALTH_CERTIFICATE.schema>;
export type ScanAnswerBody = Static<typeof ScanAnswer>;

/** A view object with the view it was built as (which decides what the audit record lists). */
export interface Shown<S extends TSchema = TSchema> {
  view: ScanView<S>;
  body: Static<S>;
}

export const shown = <S extends TSchema>(v: ScanView<S>, body: Static<S>): Shown<S> => ({ view: v, body });

type ShownOf<V> = V extends ScanView<infer S> ? Shown<S> : never;
/** Any view object with its view. */
export type AnyShown = ShownOf<(typeof SCAN_VIEWS)[number]>;
