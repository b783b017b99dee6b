/** Credentials routes: an issuing app obtains (and re-obtains) its user's signed personal QR. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { HttpError } from '../errors.ts';
import { renderSvg, renderPng } from '@oneqr/qr/symbols';
import {
  CredentialStatusReply,
  ErrorReply,
  IssuePersonalBody,
  IssuedPersonalReply,
  MyQrReply,
  QidParams,
} from './schemas.ts';
import { issuePersonal, personalStatus } from './service.ts';
import { linkedPersonId } from '../access/service.ts';
import { findPerson } from '../registry/service.ts';
import { getIssuer } from '../issuers/service.ts';

const routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const appOnly = { preHandler: app.authorize(['app']) };

  app.post(
    '/credentials/personal',
    {
      ...appOnly,
      schema: {
        tags: ['credentials'],
        summary: "Issue (or re-issue) a user's signed personal QR; a re-issue revokes the previous one",
        body: IssuePersonalBody,
        response: {
          201: IssuedPersonalReply,
          400: ErrorReply,
          403: ErrorReply,
          404: ErrorReply,
          422: ErrorReply,
          429: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const { image, ...input } = request.body;
      const issued = await issuePersonal(
        app.store.db,
        request.client!,
        input,
        app.clock(),
        request.routeOptions.url,
      );
      const out: { payload: string; qid: string; kid: string; iat: number; svg?: string; png?: string } = {
        payload: issued.payload,
        qid: issued.qid,
        kid: issued.kid,
        iat: issued.iat,
      };
      if (image?.includes('svg')) out.svg = renderSvg(issued.payload);
      if (image?.includes('png')) out.png = Buffer.from(renderPng(issued.payload)).toString('base64');
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(out);
    },
  );

  app.post(
    '/me/personal-qr',
    {
      preHandler: app.authorize(['citizen']),
      schema: {
        tags: ['credentials'],
        summary: 'Your own personal QR, issued (or re-issued) by the app you signed in through',
        description:
          'Built from your registry record; a re-issue revokes your earlier QR codes. Apps keep the answer ' +
          'and show it offline, and ask again only to re-issue.',
        response: { 200: MyQrReply, 409: ErrorReply },
      },
    },
    async (request, reply) => {
      const personId = linkedPersonId(request.client);
      const person = await findPerson(app.store.db, personId);
      if (!person) throw new HttpError('CREDENTIALS_PERSON_NOT_FOUND');
      const issued = await issuePersonal(
        app.store.db,
        request.client!,
        {
          idNumber: person.idNumber,
          fullName: person.fullName,
          birthDate: person.birthDate,
          ...(person.gender === 'unknown' ? {} : { gender: person.gender }),
        },
        app.clock(),
        request.routeOptions.url,
      );
      const issuer = await getIssuer(app.store.db, request.client!.issuerId!);
      reply.header('cache-control', 'no-store');
      return {
        payload: issued.payload,
        qid: issued.qid,
        kid: issued.kid,
        iat: issued.iat,
        issuer: {
          id: issuer?.id ?? request.client!.issuerId!,
          name: issuer?.name ?? request.client!.issuerId!,
        },
      };
    },
  );

  app.get(
    '/credentials/personal/:qid',
    {
      ...appOnly,
      schema: {
        tags: ['credentials'],
        summary: 'Status of the newest personal QR your app issued for a QID',
        params: QidParams,
        response: { 200: CredentialStatusReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => {
      const issuerId = request.client?.issuerId;
      if (issuerId === undefined) throw new HttpError('CREDENTIALS_APP_UNBOUND');
      return personalStatus(app.store.db, issuerId, request.params.qid);
    },
  );
};

export default routes;
