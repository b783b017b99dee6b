/**
 * Health routes, mounted under /v1: health officers record doses, tests and case status and read
 * a person's record (audited); anyone may fetch the colour rule sets (scanners cache them
 * offline); admins publish new rule versions. The bundled rule sets are loaded when the app is ready.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import { linkedPersonId, recordAudit } from '../access/service.ts';
import { findPerson } from '../registry/service.ts';
import { spendRequestLookup } from '../scan/service.ts';
import { PROVINCES } from '@oneqr/qr';
import {
  addRuleVersion,
  coverageByProvince,
  ensureDefaultRules,
  evaluateColourAndHistory,
  listRuleSets,
  recordTest,
  recordVaccination,
  setCaseStatus,
} from './service.ts';
import {
  CaseBody,
  CoverageView,
  CaseView,
  MyHealthCardView,
  PersonHealthQuery,
  PersonHealthView,
  PersonParams,
  ProvinceParams,
  RuleSetView,
  RuleSetsView,
  RuleVersionBody,
  TestBody,
  TestView,
  VaccinationBody,
  VaccinationView,
} from './schemas.ts';

const DATA_OBJECT =
  '{ now: ISO, vaccinations: [{ date, dose, totalDoses, product }], tests: [{ type, result, sampledAt: ISO }], ' +
  'case: { status, since, recoveredCertificateAt }, contacts: { lastCloseContactAt } }';

/** What GET /health/persons/:personId discloses (written to the audit log). */
const RECORD_FIELDS = ['vaccinations', 'tests', 'caseStatus', 'colour'];

function instant(text: string, field: string): Date {
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new HttpError('HEALTH_DATE_INVALID', `${field} is not a valid date-time`, { field });
  return d;
}

/** A 2-digit GSO province code of the current list, else HEALTH_PROVINCE_INVALID. */
function province(code: string, field: string): string {
  if (!PROVINCES.some((p) => p.code.slice(1) === code)) {
    throw new HttpError('HEALTH_PROVINCE_INVALID', `${field} "${code}" is not a province code`, { field });
  }
  return code;
}

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  // A typed ID answered 404 or success is a registry look-up, on the client's one look-up budget.
  const spendLookup = (
    request: FastifyRequest,
    reply: FastifyReply,
    route: string,
    purpose: string,
  ): Promise<void> => spendRequestLookup(app, request, reply, { route, purpose });

  // Every node loads the bundled rule sets at boot (idempotent), so a colour can always be decided.
  app.addHook('onReady', async () => {
    await ensureDefaultRules(app.store.db, app.clock());
  });

  app.post(
    '/health/vaccinations',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['health'],
        summary: 'Record an administered vaccine dose',
        body: VaccinationBody,
        response: { 201: VaccinationView },
      },
    },
    async (request, reply) => {
      await spendLookup(request, reply, '/v1/health/vaccinations', 'dose recording');
      const v = await recordVaccination(app.store.db, request.body, app.clock());
      return reply.code(201).send(v);
    },
  );

  app.post(
    '/health/tests',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['health'],
        summary: 'Record a COVID-19 test result',
        body: TestBody,
        response: { 201: TestView },
      },
    },
    async (request, reply) => {
      await spendLookup(request, reply, '/v1/health/tests', 'test result recording');
      const { personId, testType, result, sampledAt } = request.body;
      const t = await recordTest(
        app.store.db,
        { personId, testType, result, sampledAt: instant(sampledAt, 'sampledAt') },
        app.clock(),
      );
      return reply.code(201).send(t);
    },
  );

  app.put(
    '/health/cases/:personId',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['health'],
        summary: "Set a person's case status (none, F0, F1, recovered)",
        params: PersonParams,
        body: CaseBody,
        response: { 200: CaseView },
      },
    },
    async (request, reply) => {
      await spendLookup(request, reply, '/v1/health/cases/:personId', 'case status');
      const { status, since, recoveredCertificateAt } = request.body;
      return setCaseStatus(
        app.store.db,
        {
          personId: request.params.personId,
          status,
          since: since === undefined ? undefined : instant(since, 'since'),
          recoveredCertificateAt:
            recoveredCertificateAt == null
              ? recoveredCertificateAt
              : instant(recoveredCertificateAt, 'recoveredCertificateAt'),
        },
        app.clock(),
      );
    },
  );

  app.get(
    '/health/persons/:personId',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['health'],
        summary: "A person's vaccinations, tests, case status and colour card (audited)",
        params: PersonParams,
        querystring: PersonHealthQuery,
        response: { 200: PersonHealthView },
      },
    },
    async (request, reply) => {
      const { personId } = request.params;
      const at = app.clock();
      await spendLookup(request, reply, '/v1/health/persons/:personId', 'health record review');
      const person = await findPerson(app.store.db, personId);
      if (!person) throw new HttpError('HEALTH_PERSON_NOT_FOUND', undefined, { field: 'personId' });
      const where =
        request.query.province === undefined
          ? person.provinceCode
          : province(request.query.province, 'province');
      const { history, colour } = await evaluateColourAndHistory(app.store.db, personId, where, at);
      // Written before anything is disclosed: no audit, no answer.
      await recordAudit(app.store.db, {
        actor: request.client,
        personId,
        fields: RECORD_FIELDS,
        purpose: 'health record review',
        outcome: 'disclosed',
        route: '/v1/health/persons/:personId',
        at,
      });
      return { personId, at: at.toISOString(), ...history, colour };
    },
  );

  app.get(
    '/me/health-card',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['health'],
        summary: 'Your colour card now, the province rule that decided it, and the facts it used',
        response: { 200: MyHealthCardView },
      },
    },
    async (request, reply) => {
      const personId = linkedPersonId(request.client);
      const at = app.clock();
      const person = await findPerson(app.store.db, personId);
      if (!person) throw new HttpError('HEALTH_PERSON_NOT_FOUND', undefined, { field: 'personId' });
      const { history, colour } = await evaluateColourAndHistory(
        app.store.db,
        personId,
        person.provinceCode,
        at,
      );
      const ruleSet = (await listRuleSets(app.store.db, at)).find(
        (r) => r.id === colour.rule.id && r.version === colour.rule.version,
      );
      await recordAudit(app.store.db, {
        actor: request.client,
        personId,
        fields: ['colour', 'vaccinations', 'tests', 'caseStatus'],
        purpose: 'own colour card (citizen app)',
        outcome: 'disclosed',
        route: '/v1/me/health-card',
        at,
      });
      const last = history.vaccinations[history.vaccinations.length - 1];
      const test = history.tests[0];
      reply.header('cache-control', 'no-store');
      return {
        at: at.toISOString(),
        colour: colour.colour,
        rule: { ...colour.rule, name: ruleSet?.name ?? colour.rule.id },
        basis: {
          doses: history.vaccinations.length,
          lastDoseOn: last?.administeredOn ?? null,
          lastTest: test ? { testType: test.testType, result: test.result, sampledAt: test.sampledAt } : null,
          caseStatus: history.caseStatus?.status ?? null,
        },
      };
    },
  );

  app.get(
    '/health/rules',
    {
      schema: {
        tags: ['health'],
        summary: 'The colour rule sets (CertLogic), for scanners to cache and evaluate offline',
        response: { 200: RuleSetsView },
      },
    },
    async (_request, reply) => {
      const at = app.clock();
      reply.header('cache-control', 'public, max-age=300');
      return {
        at: at.toISOString(),
        dataObject: DATA_OBJECT,
        ruleSets: await listRuleSets(app.store.db, at),
      };
    },
  );

  app.put(
    '/health/rules/:province',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['health'],
        summary: "Publish a new version of a province's colour rule set ('national' for the default)",
        params: ProvinceParams,
        body: RuleVersionBody,
        response: { 201: RuleSetView },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const { id, name, validFrom, clauses } = request.body;
      const where =
        request.params.province === 'national' ? null : province(request.params.province, 'province');
      const version = await addRuleVersion(
        app.store.db,
        where,
        { id, name, clauses, validFrom: validFrom === undefined ? now : instant(validFrom, 'validFrom') },
        now,
      );
      return reply.code(201).send(version);
    },
  );

  app.get(
    '/health/report/coverage',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['health'],
        summary:
          "Vaccination coverage per province (by the ID number's birth province): registered, vaccinated, complete; counts only",
        response: { 200: CoverageView },
      },
    },
    async () => ({ provinces: await coverageByProvince(app.store.db) }),
  );
};

export default routes;
