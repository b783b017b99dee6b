/**
 * Registry routes, mounted under /v1: health officers and admins look a person up (audited:
 * it discloses personal data); admins add one person, validated like an import row.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import { recordAudit } from '../access/service.ts';
import { spendRequestLookup } from '../scan/service.ts';
import { createPerson, findPerson } from './service.ts';
import { validateIdNumber } from './validate.ts';
import { CreatedPersonView, PersonBody, PersonParams, PersonView } from './schemas.ts';

/** What GET /registry/persons/:idNumber discloses (written to the audit log). */
const PERSON_FIELDS = [
  'idNumber',
  'documentType',
  'fullName',
  'birthDate',
  'gender',
  'phone',
  'provinceCode',
  'address',
  'qid',
  'declarerQid',
];
const PERSON_ROUTE = '/v1/registry/persons/:idNumber';

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/registry/persons/:idNumber',
    {
      preHandler: app.authorize(['health-officer', 'admin']),
      schema: {
        tags: ['registry'],
        summary: 'Look a person up by personal ID number (audited)',
        params: PersonParams,
        response: { 200: PersonView },
      },
    },
    async (request, reply) => {
      const now = app.clock();
      const id = validateIdNumber(request.params.idNumber, undefined, now);
      if ('error' in id) {
        throw new HttpError('REGISTRY_ID_INVALID', id.error.message, {
          field: 'idNumber',
          reason: id.error.code,
        });
      }
      // Each answer tells whether an ID number is registered: the scan look-up budget applies.
      await spendRequestLookup(app, request, reply, { route: PERSON_ROUTE, purpose: 'registry look-up' });
      const person = await findPerson(app.store.db, id.idNumber);
      const audit = {
        actor: request.client,
        fields: PERSON_FIELDS,
        purpose: 'registry look-up',
        route: PERSON_ROUTE,
        at: now,
      };
      if (!person) {
        // A miss discloses nothing, but probing for ID numbers is itself worth a trace.
        await recordAudit(app.store.db, { ...audit, personId: null, outcome: 'refused' });
        throw new HttpError('REGISTRY_PERSON_NOT_FOUND');
      }
      // Audit first: no disclosure without its record.
      await recordAudit(app.store.db, { ...audit, personId: person.idNumber, outcome: 'disclosed' });
      return person;
    },
  );

  app.post(
    '/registry/persons',
    {
      preHandler: app.authorize(['admin']),
      schema: {
        tags: ['registry'],
        summary: 'Add one person to the register (a fresh QID is issued)',
        body: PersonBody,
        response: { 201: CreatedPersonView },
      },
    },
    async (request, reply) => {
      const created = await createPerson(app.store.db, request.body, app.clock());
      return reply.code(201).send(created);
    },
  );
};

export default routes;
