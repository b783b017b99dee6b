/**
 * Citizen sign-in routes (mounted by access/routes.ts under /v1): ask for a code, answer it for a
 * session, link the account to one's registry record, see it, sign out.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { bearerToken } from '../plugins/auth.ts';
import { findPerson, type Person } from '../registry/service.ts';
import {
  endSession,
  findAccount,
  linkPerson,
  recordAudit,
  requestOtp,
  verifyOtp,
  type OtpPolicy,
} from './service.ts';
import {
  CitizenSession,
  LinkBody,
  LinkResponse,
  MeResponse,
  OtpAnswerBody,
  OtpChallenge,
  OtpRequestBody,
} from './schemas.ts';

const mePerson = (p: Person) => ({
  idNumber: p.idNumber,
  fullName: p.fullName,
  birthDate: p.birthDate,
  gender: p.gender,
  provinceCode: p.provinceCode,
  qid: p.qid,
});

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const c = app.config;
  const policy: OtpPolicy = {
    ttlSeconds: c.otpTtlSeconds,
    maxAttempts: c.otpMaxAttempts,
    resendSeconds: c.otpResendSeconds,
    perPhonePerHour: c.otpPerPhonePerHour,
    sessionTtlSeconds: c.citizenSessionTtlSeconds,
  };
  // Per IP, on top of the per-phone and per-challenge limits in citizen.ts.
  const perIp =
    c.otpRateLimitPerMinute > 0
      ? { config: { rateLimit: { max: c.otpRateLimitPerMinute, timeWindow: 60_000 } } }
      : {};

  app.post(
    '/citizen/otp',
    {
      ...perIp,
      schema: {
        tags: ['access'],
        summary: 'Citizen sign-in, step 1: send a one-time code to a phone',
        description:
          'The same answer whether or not the phone has an account. The demo sender writes the code to the server log.',
        body: OtpRequestBody,
        response: { 202: OtpChallenge },
      },
    },
    async (request, reply) => {
      const out = await requestOtp(app.store.db, app.otpSender, request.body, policy, app.clock());
      return reply.code(202).send(out);
    },
  );

  app.post(
    '/citizen/session',
    {
      ...perIp,
      schema: {
        tags: ['access'],
        summary: 'Citizen sign-in, step 2: the code for a citizen session token',
        body: OtpAnswerBody,
        response: { 200: CitizenSession },
      },
    },
    async (request, reply) => {
      const s = await verifyOtp(app.store.db, request.body, policy, app.clock());
      reply.header('cache-control', 'no-store');
      return {
        access_token: s.accessToken,
        token_type: 'Bearer' as const,
        expires_in: s.expiresIn,
        linked: s.linked,
      };
    },
  );

  app.post(
    '/citizen/link',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['access'],
        summary: 'Link the signed-in account to your registry record (the registry confirms it)',
        body: LinkBody,
        response: { 200: LinkResponse },
      },
    },
    async (request) => {
      const person = await linkPerson(
        app.store.db,
        request.client!,
        request.body,
        app.clock(),
        request.routeOptions.url ?? '/v1/citizen/link',
      );
      return { linked: true as const, person: mePerson(person) };
    },
  );

  app.post(
    '/citizen/sign-out',
    {
      preHandler: app.authorize(['citizen']),
      schema: { tags: ['access'], summary: 'End this citizen session (its token stops working at once)' },
    },
    async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      if (token) await endSession(app.store.db, token);
      return reply.code(204).send();
    },
  );

  app.get(
    '/me',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['access'],
        summary: 'Your account and, once linked, your registry record',
        response: { 200: MeResponse },
      },
    },
    async (request) => {
      const client = request.client!;
      const account = await findAccount(app.store.db, client.id);
      const person =
        client.personId === undefined ? undefined : await findPerson(app.store.db, client.personId);
      if (person) {
        await recordAudit(app.store.db, {
          actor: client,
          personId: person.idNumber,
          fields: ['idNumber', 'fullName', 'birthDate', 'gender', 'provinceCode', 'qid'],
          purpose: 'own record (citizen app)',
          outcome: 'disclosed',
          route: request.routeOptions.url ?? '/v1/me',
          at: app.clock(),
        });
      }
      return {
        account: account
          ? {
              phone: `${account.phone.slice(0, 3)}****${account.phone.slice(-3)}`,
              app: client.issuerId ?? '',
            }
          : null,
        person: person ? mePerson(person) : null,
      };
    },
  );
};

export default routes;
