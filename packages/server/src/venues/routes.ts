/** Venues routes: register, list, read, suspend/close, the poster. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorReply,
  RegisterVenueBody,
  VenueListQuery,
  VenueListReply,
  VenueParams,
  VenueReply,
  VenueStatusBody,
} from './schemas.ts';
import {
  listVenues,
  manageableVenue,
  registerVenue,
  setVenueStatus,
  venuePosterPdf,
  venuePosterSvg,
} from './service.ts';

const MANAGERS = ['venue-owner', 'provincial-officer', 'admin'] as const;

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const managers = { preHandler: app.authorize(MANAGERS) };
  const errors = { 400: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

  app.post(
    '/venues',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary: 'Register a venue; it receives a venue QR signed under the trust list',
        body: RegisterVenueBody,
        response: { 201: VenueReply, ...errors, 422: ErrorReply },
      },
    },
    async (request, reply) => {
      const { venue } = await registerVenue(app.store.db, request.client!, request.body, {
        issuerId: app.config.venueIssuerId,
        now: app.clock(),
      });
      return reply.code(201).send(venue);
    },
  );

  app.get(
    '/venues',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary: 'The venues you manage (a venue-owner: its own; admins and provincial officers: all), by id',
        querystring: VenueListQuery,
        response: { 200: VenueListReply, 400: ErrorReply },
      },
    },
    async (request) => {
      const limit = Math.min(500, Number(request.query.limit ?? 100));
      const venues = await listVenues(app.store.db, request.client!, { after: request.query.after, limit });
      return { venues, next: venues.length === limit ? venues[venues.length - 1]!.id : null };
    },
  );

  app.get(
    '/venues/:id',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary: 'One venue',
        params: VenueParams,
        response: { 200: VenueReply, ...errors },
      },
    },
    async (request) => manageableVenue(app.store.db, request.client!, request.params.id),
  );

  app.post(
    '/venues/:id/status',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary: 'Suspend, re-activate or close a venue (closing is final and revokes its QR)',
        params: VenueParams,
        body: VenueStatusBody,
        response: { 200: VenueReply, ...errors },
      },
    },
    async (request) =>
      setVenueStatus(app.store.db, request.client!, request.params.id, request.body.status, app.clock()),
  );

  app.get(
    '/venues/:id/poster.svg',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary:
          'The printable A4 poster: the venue QR at 15 × 15 cm, name, instructions in Vietnamese and English',
        params: VenueParams,
        produces: ['image/svg+xml'],
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const venue = await manageableVenue(app.store.db, request.client!, request.params.id);
      reply.header('content-type', 'image/svg+xml; charset=utf-8');
      reply.header('content-disposition', `inline; filename="venue-${venue.id}.svg"`);
      return reply.send(venuePosterSvg(venue) as never);
    },
  );

  app.get(
    '/venues/:id/poster.pdf',
    {
      ...managers,
      schema: {
        tags: ['venues'],
        summary:
          'The same poster as a one-page A4 PDF (QR as vectors at 15 × 15 cm, font embedded for Vietnamese)',
        params: VenueParams,
        produces: ['application/pdf'],
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const venue = await manageableVenue(app.store.db, request.client!, request.params.id);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `inline; filename="venue-${venue.id}.pdf"`);
      return reply.send((await venuePosterPdf(venue)) as never);
    },
  );
};

export default routes;
