/** Tracing routes: exposure search and case confirmation (health officers), the citizen's feed. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { linkedPersonId } from '../access/service.ts';
import { spendRequestLookup } from '../scan/service.ts';
import {
  ConfirmCaseBody,
  ConfirmCaseReply,
  ErrorReply,
  ExposuresBody,
  ExposuresReply,
  FeedReply,
} from './schemas.ts';
import {
  confirmCase,
  findExposures,
  notificationFeed,
  type Exposure,
  type ExposureResult,
} from './service.ts';

const date = (s: string | undefined) => (s === undefined ? undefined : new Date(s));

/** The contract's shape: instants as ISO-8601. */
export function exposureJson(e: Exposure) {
  return {
    idNumber: e.idNumber,
    venueId: e.venueId,
    overlapStart: new Date(e.overlapStart).toISOString(),
    overlapEnd: new Date(e.overlapEnd).toISOString(),
    minutes: e.minutes,
  };
}

const resultJson = (r: ExposureResult) => ({
  from: r.from.toISOString(),
  to: r.to.toISOString(),
  windowMinutes: r.windowMinutes,
  exposures: r.exposures.map(exposureJson),
  vehicles: r.vehicles,
  contacts: r.contacts,
  ...(r.f2 === undefined ? {} : { f2: r.f2 }),
});

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const officer = { preHandler: app.authorize(['health-officer']) };
  const errors = { 400: ErrorReply, 404: ErrorReply, 422: ErrorReply };
  // A typed ID answered 200 or 404: on the client's one look-up budget.
  const spendLookup = (request: FastifyRequest, reply: FastifyReply, route: string, purpose: string) =>
    spendRequestLookup(app, request, reply, { route, purpose });

  app.post(
    '/tracing/exposures',
    {
      ...officer,
      schema: {
        tags: ['tracing'],
        summary:
          'Who shared a venue (±windowMinutes) or a vehicle with the person during the infectious window, or is a declared close contact; F2 on request; audited',
        body: ExposuresBody,
        response: { 200: ExposuresReply, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      await spendLookup(request, reply, '/v1/tracing/exposures', 'exposure tracing');
      const r = await findExposures(
        app.store.db,
        request.client!,
        {
          idNumber: b.idNumber,
          from: date(b.from),
          to: date(b.to),
          windowMinutes: b.windowMinutes,
          f2: b.f2,
        },
        app.clock(),
      );
      return resultJson(r);
    },
  );

  app.post(
    '/tracing/cases',
    {
      ...officer,
      schema: {
        tags: ['tracing'],
        summary: 'Confirm an F0: trace, mark the exposed F1 and queue their notifications',
        body: ConfirmCaseBody,
        response: { 201: ConfirmCaseReply, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      await spendLookup(request, reply, '/v1/tracing/cases', 'case confirmation');
      const r = await confirmCase(
        app.store.db,
        request.client!,
        {
          idNumber: b.idNumber,
          confirmedAt: new Date(b.confirmedAt),
          daysBefore: b.daysBefore,
          to: date(b.to),
          windowMinutes: b.windowMinutes,
        },
        app.clock(),
      );
      return reply
        .code(201)
        .send({ ...resultJson(r), caseId: r.caseId, markedF1: r.markedF1, notified: r.notified });
    },
  );

  app.get(
    '/me/notifications',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['tracing'],
        summary: 'Your notifications (exposure alerts), newest first',
        response: { 200: FeedReply, 409: ErrorReply },
      },
    },
    async (request) => {
      const feed = await notificationFeed(app.store.db, linkedPersonId(request.client));
      return { notifications: feed.map(({ personId: _p, ...n }) => n) };
    },
  );
};

export default routes;
