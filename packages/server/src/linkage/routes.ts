/**
 * Linkage routes, mounted under /v1: vaccination sites and health officers upload a site's dose
 * file (streamed, never buffered whole) and read the uploads back; health officers work the
 * review queue, read the reports and a person's linked doses (audited).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import { recordAudit, recordAudits } from '../access/service.ts';
import { HttpError } from '../errors.ts';
import { spendRequestLookup } from '../scan/service.ts';
import { linkageReport, linkedHistory } from './reports.ts';
import { listReviewQueue, reviewRecord } from './review.ts';
import { getImport, listImports, uploadDoses } from './site-imports.ts';
import {
  ImportParams,
  ImportsQuery,
  ImportsView,
  ImportView,
  LinkedDosesView,
  PersonParams,
  RecordParams,
  ReportView,
  ReviewBody,
  ReviewOutcomeView,
  ReviewQueueView,
  ReviewQuery,
  UploadQuery,
  UploadView,
} from './schemas.ts';

const routes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  // Dose files are streamed to the import as they arrive (files of several GB in constant memory).
  const STREAMED = ['text/csv', 'application/x-ndjson', 'application/jsonl'];
  app.addContentTypeParser(STREAMED, (_req, payload, done) => done(null, payload));

  app.post(
    '/vaccinations/imports',
    {
      preHandler: app.authorize(['health-officer', 'vaccination-site']),
      // The unlimited limit is for the streamed types only: any other body (JSON) would be
      // buffered whole under it, before the token is checked, so it is refused unread.
      preParsing: async (request) => {
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (!STREAMED.includes(type))
          throw new HttpError('REQUEST_UNSUPPORTED_MEDIA', 'Send text/csv or application/x-ndjson');
      },
      bodyLimit: Number.MAX_SAFE_INTEGER,
      schema: {
        tags: ['linkage'],
        summary:
          "Upload a site's dose records (text/csv or application/x-ndjson); idempotent by site and record_id; a site's client for its own site only",
        querystring: UploadQuery,
        response: { 200: UploadView },
      },
    },
    async (request) => {
      const type = String(request.headers['content-type'] ?? '');
      const length = Number(request.headers['content-length'] ?? 0);
      return uploadDoses(app.store, request.client!, {
        site: request.query.site,
        body: request.body as Readable,
        bytesTotal: Number.isFinite(length) ? length : 0,
        format: type.startsWith('text/csv') ? 'csv' : 'jsonl',
        clock: app.clock,
      });
    },
  );

  app.get(
    '/vaccinations/imports',
    {
      preHandler: app.authorize(['health-officer', 'vaccination-site']),
      schema: {
        tags: ['linkage'],
        summary: "Dose uploads, newest first: a site's client sees its own site's only",
        querystring: ImportsQuery,
        response: { 200: ImportsView },
      },
    },
    async (request) => ({ items: await listImports(app.store.db, request.client!, request.query) }),
  );

  app.get(
    '/vaccinations/imports/:id',
    {
      preHandler: app.authorize(['health-officer', 'vaccination-site']),
      schema: {
        tags: ['linkage'],
        summary: 'One dose upload with its row errors (line, field, code, reason)',
        params: ImportParams,
        response: { 200: ImportView },
      },
    },
    async (request) => getImport(app.store.db, request.client!, request.params.id),
  );

  app.get(
    '/linkage/review',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['linkage'],
        summary: 'The review queue: doubtful records with their candidates, in key order',
        querystring: ReviewQuery,
        response: { 200: ReviewQueueView },
      },
    },
    async (request) => {
      const { limit, afterSite, afterRecordId } = request.query;
      const after =
        afterSite !== undefined && afterRecordId !== undefined
          ? { site: afterSite, recordId: afterRecordId }
          : null;
      const items = await listReviewQueue(app.store.db, { limit, after });
      // The page shows each candidate's ID number and how well it matched: one audit record per
      // candidate person, in one commit, before the answer.
      const at = app.clock();
      await recordAudits(
        app.store.db,
        [...new Set(items.flatMap((i) => i.candidates.map((c) => c.personId)))].map((personId) => ({
          actor: request.client!,
          personId,
          fields: ['idNumber', 'linkageCandidate'],
          purpose: 'linkage review queue (candidate for a dose record)',
          outcome: 'disclosed' as const,
          route: '/v1/linkage/review',
          at,
        })),
      );
      return { items };
    },
  );

  app.post(
    '/linkage/review/:site/:recordId',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['linkage'],
        summary: 'Accept, reject or correct a record of the review queue (audited, applied to the record)',
        params: RecordParams,
        body: ReviewBody,
        response: { 200: ReviewOutcomeView },
      },
    },
    async (request, reply) => {
      const at = app.clock();
      const { site, recordId } = request.params;
      // A correction names a typed ID and is told whether the registry holds it: one look-up on
      // the client's budget, so the queue cannot serve as an existence oracle.
      if (request.body.action === 'correct')
        await spendRequestLookup(app, request, reply, {
          route: '/v1/linkage/review/:site/:recordId',
          purpose: 'dose record review: correct',
        });
      const out = await reviewRecord(
        app.store.db,
        { site, recordId, ...request.body, officer: request.client?.id ?? 'unknown' },
        at,
      );
      if (out.personId !== null)
        await recordAudit(app.store.db, {
          actor: request.client,
          personId: out.personId,
          fields: ['vaccinations'],
          purpose: `dose record review: ${request.body.action}`,
          outcome: 'disclosed',
          route: '/v1/linkage/review/:site/:recordId',
          at,
        });
      return out;
    },
  );

  app.get(
    '/linkage/report',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['linkage'],
        summary: 'Dose records by decision and category, by birth province, by site',
        response: { 200: ReportView },
      },
    },
    async () => linkageReport(app.store.db),
  );

  app.get(
    '/linkage/persons/:personId/doses',
    {
      preHandler: app.authorize(['health-officer']),
      schema: {
        tags: ['linkage'],
        summary: "A person's vaccination history as linked from dose records (audited)",
        params: PersonParams,
        response: { 200: LinkedDosesView },
      },
    },
    async (request, reply) => {
      const { personId } = request.params;
      // Answered for any typed ID: on the client's one look-up budget, as registry look-ups are.
      await spendRequestLookup(app, request, reply, {
        route: '/v1/linkage/persons/:personId/doses',
        purpose: 'linked dose history',
      });
      const doses = await linkedHistory(app.store.db, personId);
      await recordAudit(app.store.db, {
        actor: request.client,
        personId,
        fields: ['vaccinations'],
        purpose: 'linked dose history',
        outcome: 'disclosed',
        route: '/v1/linkage/persons/:personId/doses',
        at: app.clock(),
      });
      return { personId, doses };
    },
  );
};

export default routes;
