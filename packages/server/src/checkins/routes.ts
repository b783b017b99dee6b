/** Check-in routes: one event, a batch of up to 1,000, and the venue owner's history and occupancy. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import { manageableVenue } from '../venues/service.ts';
import { linkedPersonId } from '../access/service.ts';
import {
  CheckinBatchBody,
  CheckinBatchReply,
  CheckinEvent,
  CheckinReply,
  ErrorReply,
  HistoryParams,
  HistoryQuery,
  HistoryReply,
  HourlyQuery,
  HourlyReply,
  MyCheckinsReply,
  OccupancyReply,
} from './schemas.ts';
import {
  entriesPerHourOfDay,
  myCheckins,
  occupancy,
  recordCheckins,
  venueHistory,
  type CheckinEventInput,
  type CheckinPolicy,
} from './service.ts';

const SCANNERS = ['venue-staff', 'citizen'] as const;
const OWNERS = ['venue-owner', 'provincial-officer', 'admin'] as const;
/** A full batch of personal QR codes is far above the general body limit. */
const BATCH_BODY_LIMIT = 4 * 1024 * 1024;
const MAX_HISTORY_PAGE = 1000;

function csvCell(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The page size a history request asks for: 1-1000 (default 100); anything else is refused, not clamped. */
function historyLimit(raw: string | undefined): number {
  if (raw === undefined) return 100;
  if (!/^[1-9][0-9]{0,3}$/.test(raw) || Number(raw) > MAX_HISTORY_PAGE)
    throw new HttpError(
      'VENUES_HISTORY_LIMIT_INVALID',
      `limit: "${raw.slice(0, 20)}" is not an integer 1-${MAX_HISTORY_PAGE}`,
      {
        field: 'limit',
      },
    );
  return Number(raw);
}

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const policy = (role: string): CheckinPolicy => {
    const limits = app.config.lookupLimitPerMinute;
    return {
      retentionDays: app.config.retentionDays,
      skewSeconds: app.config.checkinSkewSeconds,
      lookupsPerMinute: limits[role as keyof typeof limits] ?? 0,
      batchLookupsPerHour: app.config.batchLookupLimitPerHour,
    };
  };
  const errors = {
    400: ErrorReply,
    403: ErrorReply,
    404: ErrorReply,
    409: ErrorReply,
    422: ErrorReply,
    429: ErrorReply,
  };

  app.post(
    '/checkins',
    {
      preHandler: app.authorize(SCANNERS),
      schema: {
        tags: ['checkins'],
        summary: 'Record one check-in or check-out; answered once it is durable',
        description:
          'A citizen sends the venue QR it scanned (venueCode); venue staff send what they scanned (personCode: a ' +
          'personal QR, CCCD string or ID number), confirmed as POST /v1/scan confirms it, with the same audit and ' +
          'look-up limit. A re-sent eventId is answered `duplicate`.',
        body: CheckinEvent,
        response: { 201: CheckinReply, 200: CheckinReply, ...errors },
      },
    },
    async (request, reply) => {
      const client = request.client!;
      const [r] = await recordCheckins(
        app.store.db,
        client,
        [request.body as CheckinEventInput],
        app.clock(),
        policy(client.role),
      );
      if (r!.status === 'rejected') {
        throw new HttpError(r!.code, r!.message);
      }
      return reply.code(r!.status === 'stored' ? 201 : 200).send(r!);
    },
  );

  app.post(
    '/checkins/batch',
    {
      preHandler: app.authorize(SCANNERS),
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        tags: ['checkins'],
        summary:
          'Upload up to 1,000 buffered events; each answered by index: stored, duplicate or rejected with a code',
        body: CheckinBatchBody,
        response: { 200: CheckinBatchReply, ...errors },
      },
    },
    async (request) => {
      const client = request.client!;
      const results = await recordCheckins(
        app.store.db,
        client,
        request.body.events as CheckinEventInput[],
        app.clock(),
        policy(client.role),
        { batch: true },
      );
      const count = (s: string) => results.filter((r) => r.status === s).length;
      return {
        results: results.map((r, index) => ({ index, ...r })),
        stored: count('stored'),
        duplicate: count('duplicate'),
        rejected: count('rejected'),
      };
    },
  );

  app.get(
    '/venues/:id/checkins',
    {
      preHandler: app.authorize(OWNERS),
      schema: {
        tags: ['checkins'],
        summary:
          "A venue's in/out history of one day, paged, optionally one direction; format=csv for a CSV export",
        params: HistoryParams,
        querystring: HistoryQuery,
        response: { 200: HistoryReply, ...errors },
      },
    },
    async (request, reply) => {
      const venue = await manageableVenue(app.store.db, request.client!, request.params.id);
      const q = request.query;
      const page = await venueHistory(
        app.store.db,
        venue.id,
        { day: q.day, direction: q.direction, cursor: q.cursor, limit: historyLimit(q.limit) },
        {
          actor: request.client!,
          route: '/v1/venues/:id/checkins',
          purpose: `venue check-in history${q.format === 'csv' ? ' (CSV export)' : ''} (${venue.id}, ${q.day})`,
          at: app.clock(),
        },
      );
      if (q.format !== 'csv') return page;
      const lines = ['event_id,direction,at,server_at,person,source'];
      for (const e of page.entries)
        lines.push([e.eventId, e.direction, e.at, e.serverAt, e.person, e.source].map(csvCell).join(','));
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="checkins-${venue.id}-${q.day}.csv"`);
      if (page.next !== null) reply.header('x-next-cursor', page.next);
      return reply.send(`${lines.join('\r\n')}\r\n` as never);
    },
  );

  app.get(
    '/venues/:id/occupancy',
    {
      preHandler: app.authorize(OWNERS),
      schema: {
        tags: ['checkins'],
        summary: 'How many persons are inside now (last event in the past 12 h is an entry)',
        params: HistoryParams,
        response: { 200: OccupancyReply, ...errors },
      },
    },
    async (request) => {
      const venue = await manageableVenue(app.store.db, request.client!, request.params.id);
      const now = app.clock();
      return {
        venueId: venue.id,
        inside: await occupancy(app.store.db, venue.id, now),
        at: now.toISOString(),
      };
    },
  );

  app.get(
    '/checkins/report/hourly',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['checkins'],
        summary: 'Entries at every venue per hour of one Vietnam day (counts only, no person)',
        querystring: HourlyQuery,
        response: { 200: HourlyReply, 400: ErrorReply },
      },
    },
    async (request) => ({
      day: request.query.day,
      hours: await entriesPerHourOfDay(app.store.db, request.query.day),
    }),
  );

  app.get(
    '/me/checkins',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['checkins'],
        summary: 'Your own check-ins and check-outs within the retention period, newest first (at most 200)',
        response: { 200: MyCheckinsReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return {
        checkins: await myCheckins(
          app.store.db,
          linkedPersonId(request.client),
          app.clock(),
          app.config.retentionDays,
        ),
      };
    },
  );
};

export default routes;
