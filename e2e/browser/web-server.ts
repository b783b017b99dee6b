/**
 * The platform with the built web apps on a random local port, for the browser tests and the
 * web benchmark: two issuing apps (PC-Covid, VNeID), one registered person with a green card
 * under Khánh Hòa's rules, and a VNeID venue-staff scanner. Sign-in codes are captured, not sent.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ensureWebBuilt } from '@oneqr/web/build';
import {
  buildApp,
  createClient,
  createIssuer,
  createPerson,
  openStore,
  recordVaccination,
  runLinkage,
  type OtpMessage,
  type Store,
} from '@oneqr/server';

const DAY = 86_400_000;

/** Khánh Hòa (56): two doses, the second 40 days ago → green under its rule set. */
export const ANH = {
  idNumber: '056190012345',
  fullName: 'Nguyễn Thị Ánh',
  birthDate: '1990-05-12',
  gender: 'female',
  phone: '0912345678',
  provinceCode: '56',
} as const;

/** Another person of Khánh Hòa, the F0 of the authority console's test. */
export const BINH = {
  idNumber: '056085001234',
  fullName: 'Trần Văn Bình',
  birthDate: '1985-08-20',
  gender: 'male',
  phone: '0987654321',
  provinceCode: '56',
} as const;

/** A site's dose record without an ID number whose name and birth date are Ánh's: a case for review. */
const DOUBTFUL_DOSES = [
  'record_id,site,id_number,full_name,birth_date,gender,phone,vaccine,lot,vaccination_date,dose_number',
  `r-1,TYT-LOC-THO,,${ANH.fullName},${ANH.birthDate},,,Moderna,LOT7,2021-10-01,3`,
].join('\r\n');

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

const cred = (c: Credentials) => ({ client_id: c.clientId, client_secret: c.clientSecret });

export interface WebServer {
  base: string;
  app: FastifyInstance;
  store: Store;
  /** Every sign-in code the platform "sent". */
  sent: OtpMessage[];
  /** Venue staff of the venue `venueId` (issued through VNeID). */
  scanner: Credentials;
  venueOwner: Credentials;
  healthOfficer: Credentials;
  venueId: string;
  /** A bearer token for the client (POST /v1/token). */
  tokenFor(c: Credentials): Promise<string>;
  /** Directory of the web build being served. */
  webDir: string;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  const { dir } = await ensureWebBuilt();
  const store = await openStore({ url: 'sqlite::memory:' });
  const now = new Date();
  // PC-Covid also signs movement declarations (the platform's declaration issuer by default).
  await createIssuer(
    store.db,
    { id: 'pc-covid', name: 'PC-Covid', rights: ['personal', 'venue', 'declaration'] },
    now,
  );
  await createIssuer(store.db, { id: 'vneid', name: 'VNeID', rights: ['personal'] }, now);
  await createPerson(store.db, ANH, now);
  await createPerson(store.db, BINH, now);
  for (const [dose, ago] of [
    [1, 68],
    [2, 40],
  ] as const) {
    await recordVaccination(
      store.db,
      {
        personId: ANH.idNumber,
        vaccineCode: 'EU/1/21/1529',
        doseNumber: dose,
        administeredOn: new Date(now.getTime() - ago * DAY).toISOString().slice(0, 10),
      },
      now,
    );
  }
  const venueOwner = await createClient(store.db, { role: 'venue-owner', name: 'Chủ Cửa hàng Hoa Sữa' }, now);
  const healthOfficer = await createClient(store.db, { role: 'health-officer', name: 'CDC Khánh Hòa' }, now);
  const sent: OtpMessage[] = [];
  const app = await buildApp({
    store,
    config: { webDir: dir, rateLimitPerMinute: 0, tokenRateLimitPerMinute: 0, otpRateLimitPerMinute: 0 },
    otpSender: { send: async (m) => void sent.push(m) },
    logger: false,
  });
  // The venue the scanner records check-ins for, registered by its owner through the API.
  const ownerToken = (
    (await app.inject({ method: 'POST', url: '/v1/token', payload: cred(venueOwner) })).json() as {
      access_token: string;
    }
  ).access_token;
  const registered = await app.inject({
    method: 'POST',
    url: '/v1/venues',
    headers: { authorization: `Bearer ${ownerToken}` },
    payload: {
      id: 'hoa-sua',
      name: 'Cửa hàng Hoa Sữa',
      address: '5 Lý Tự Trọng, Nha Trang',
      provinceCode: '56',
    },
  });
  if (registered.statusCode !== 201) throw new Error(`venue registration: ${registered.body}`);
  const scanner = await createClient(
    store.db,
    { role: 'venue-staff', name: 'Cửa hàng Hoa Sữa (VNeID)', issuerId: 'vneid', venueId: 'hoa-sua' },
    now,
  );
  // The linkage review queue gets one doubtful record (uploaded as a health officer, then linked).
  const officerToken = (
    (await app.inject({ method: 'POST', url: '/v1/token', payload: cred(healthOfficer) })).json() as {
      access_token: string;
    }
  ).access_token;
  const uploaded = await app.inject({
    method: 'POST',
    url: '/v1/vaccinations/imports?site=TYT-LOC-THO',
    headers: { authorization: `Bearer ${officerToken}`, 'content-type': 'text/csv' },
    payload: DOUBTFUL_DOSES,
  });
  if (uploaded.statusCode !== 200) throw new Error(`dose upload: ${uploaded.body}`);
  await runLinkage(store, { now });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    base,
    app,
    store,
    sent,
    scanner,
    venueOwner,
    healthOfficer,
    venueId: 'hoa-sua',
    async tokenFor(c) {
      const r = await fetch(`${base}/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(cred(c)),
      });
      return ((await r.json()) as { access_token: string }).access_token;
    },
    webDir: dir,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
