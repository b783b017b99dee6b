/**
 * Child-side loops for the passport benchmark: the server's vaccine passport issuance on an
 * in-memory SQLite store (registry look-up, health history, CWT, COSE_Sign1, zlib, Base45 and
 * the store write). Each checks once, before timing, that what it issues verifies with the DSC.
 */
import { dccKeySourceFromCertificates, makeCitizenId, read } from '@oneqr/qr';
import {
  createPerson,
  dscTrustList,
  issuePassport,
  openStore,
  recordVaccination,
  revokePassport,
} from '@oneqr/server';
import { asyncLoop, type LoopMeasure, type LoopOptions } from './lib/loop.ts';

export interface PassportProbeInput {
  loop: LoopOptions;
  inFlight: number;
}

/** Each op revokes the person's current passport and issues a new one (so none is reused). */
async function issueAfterRevoke(loop: LoopOptions, alg: 'ES256' | 'PS256'): Promise<LoopMeasure> {
  const store = await openStore({ url: 'sqlite::memory:' });
  const now = new Date('2025-03-01T08:00:00Z');
  const id = makeCitizenId('001', 1990, 'female', '345678');
  await createPerson(
    store.db,
    { idNumber: id, fullName: 'Nguyễn Thị Đào', birthDate: '1990-05-17', gender: 'female' },
    now,
  );
  for (const n of [1, 2])
    await recordVaccination(
      store.db,
      { personId: id, vaccineCode: 'EU/1/20/1528', doseNumber: n, administeredOn: `2021-0${6 + n}-10` },
      now,
    );
  const opts = { alg, validityMonths: 12 };
  let current = await issuePassport(store.db, id, opts, now);
  const keys = dccKeySourceFromCertificates(
    (await dscTrustList(store.db)).map((g) => new Uint8Array(Buffer.from(g.rawData, 'base64'))),
  );
  const check = await read(current.hc1, { dccKeys: keys, at: now });
  if (check.signature.state !== 'valid')
    throw new Error(`issuePassport: the DCC does not verify (${check.signature.state})`);
  const m = await asyncLoop(
    async () => {
      await revokePassport(store.db, current.uvci, now);
      current = await issuePassport(store.db, id, opts, now);
    },
    { ...loop, inFlight: 1 },
  );
  await store.close();
  return m;
}

export const issueEs256 = ({ loop }: PassportProbeInput): Promise<LoopMeasure> =>
  issueAfterRevoke(loop, 'ES256');
export const issuePs256 = ({ loop }: PassportProbeInput): Promise<LoopMeasure> =>
  issueAfterRevoke(loop, 'PS256');
