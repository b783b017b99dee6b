/**
 * Child-side loops for the passport benchmark: the server's vaccine passport issuance on an
 * in-memory SQLite store (registry look-up, health history, CWT, COSE_Sign1, zlib, Base45 and
 * the store write), and the verification of what it issued (dcc-verify). Each checks once, before
 * timing, that what it issues verifies with the DSC.
 */
import { dccKeySourceFromCertificates, makeCitizenId, read, verifyDcc } from '@oneqr/qr';
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

/** A store with one fully vaccinated person, their first passport and the DSCs as trust. */
async function issuedPassport(alg: 'ES256' | 'PS256') {
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
  const passport = await issuePassport(store.db, id, opts, now);
  const keys = dccKeySourceFromCertificates(
    (await dscTrustList(store.db)).map((g) => new Uint8Array(Buffer.from(g.rawData, 'base64'))),
  );
  const check = await read(passport.hc1, { dccKeys: keys, at: now });
  if (check.signature.state !== 'valid' || check.warnings.length > 0)
    throw new Error(`issuePassport: the DCC does not verify (${check.signature.state})`);
  return { store, now, id, opts, passport, keys };
}

/** Each op revokes the person's current passport and issues a new one (so none is reused). */
async function issueAfterRevoke(loop: LoopOptions, alg: 'ES256' | 'PS256'): Promise<LoopMeasure> {
  const { store, now, id, opts, passport } = await issuedPassport(alg);
  let current = passport;
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

/**
 * Each op verifies the same issued DCC as a scanner does: `read()` (decode, schema, value-set
 * names, COSE signature, validity, key usage) with the DSCs as its key source, or `verifyDcc`
 * (the verifier layers alone: decode and the checks, no schema). The key source is built once,
 * as a scanner's is.
 */
async function verifyIssued(loop: LoopOptions, alg: 'ES256' | 'PS256', how: 'read' | 'verifyDcc') {
  const { store, now, passport, keys } = await issuedPassport(alg);
  await store.close();
  const text = passport.hc1;
  const once =
    how === 'read'
      ? async () => {
          const r = await read(text, { dccKeys: keys, at: now });
          if (r.signature.state !== 'valid') throw new Error(`read(): ${r.signature.state}`);
        }
      : async () => {
          const r = await verifyDcc(text, keys, now);
          if (r.state !== 'valid') throw new Error(`verifyDcc: ${r.state}`);
        };
  return asyncLoop(once, { ...loop, inFlight: 1 });
}

export const readEs256 = ({ loop }: PassportProbeInput) => verifyIssued(loop, 'ES256', 'read');
export const readPs256 = ({ loop }: PassportProbeInput) => verifyIssued(loop, 'PS256', 'read');
export const verifyEs256 = ({ loop }: PassportProbeInput) => verifyIssued(loop, 'ES256', 'verifyDcc');
export const verifyPs256 = ({ loop }: PassportProbeInput) => verifyIssued(loop, 'PS256', 'verifyDcc');

export const issueEs256 = ({ loop }: PassportProbeInput): Promise<LoopMeasure> =>
  issueAfterRevoke(loop, 'ES256');
export const issuePs256 = ({ loop }: PassportProbeInput): Promise<LoopMeasure> =>
  issueAfterRevoke(loop, 'PS256');
