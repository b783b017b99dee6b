/** Loads `--trust FILE` sources into one TrustStore for offline verification. */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  attachShcCrls,
  dccKeySourceFromCertificates,
  dccRevocationSource,
  detectTrustSource,
  kidOf,
  parseDccRevocationList,
  parseDscList,
  parseShcCrl,
  parseShcJwks,
  shcKeySourceFromIssuers,
  TRUST_SOURCE_MAX_LENGTH,
  type ShcIssuerKeys,
  type ShcKeySource,
  type ShcRevocationList,
  parseTrustList,
  verifyTrustList,
  sourceFromTrustList,
  TrustStore,
  type DccKeySource,
  type DccRevocationBatch,
  type DccRevocationSource,
  type TrustListDocument,
  type TrustListRevocation,
} from '@oneqr/qr';
import { CliError, flatten } from './cli-error.ts';
import { readJsonFile, readTextFile } from './io.ts';
import { defaultRevocationDir, fetchText, readReplica, syncLog, trustListUrl } from './revocations.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The `--root-public FILE` of `read` and `trust-list verify`: the root's public JWK as
 * `keys generate` prints it, or `{kid, publicJwk}` as `GET /v1/trust-list/root-key` answers
 * (then the kid must be the key's). A private key is refused: it has no business on a scanner.
 */
export async function readRootPublicKey(file: string): Promise<JsonWebKey> {
  const what = 'root public key';
  const raw = await readJsonFile(file, what);
  if (!isObject(raw)) throw new CliError(`${what} "${file}" must be a JSON object (a public JWK)`);
  let jwk: Record<string, unknown> = raw;
  if ('publicJwk' in raw) {
    if (!isObject(raw.publicJwk)) throw new CliError(`${what} "${file}": publicJwk must be a JWK object`);
    jwk = raw.publicJwk;
  }
  if ('d' in jwk || 'd' in raw)
    throw new CliError(`${what} "${file}" contains a private key: pass the public JWK`);
  if (jwk !== raw && raw.kid !== undefined) {
    let kid: string;
    try {
      kid = await kidOf(jwk as JsonWebKey);
    } catch {
      throw new CliError(`${what} "${file}": publicJwk is not a P-256 public key`);
    }
    if (raw.kid !== kid)
      throw new CliError(`${what} "${file}": kid ${JSON.stringify(raw.kid)} is not its publicJwk's (${kid})`);
  }
  return jwk as JsonWebKey;
}

/**
 * What `--trust` files give `read`: checked OneQR trust-list documents, DCC document signer
 * certificates (DER) and revocation batches, and SHC issuer key sets with their revocation
 * lists, as plain data so that read's worker threads can take them too.
 */
export interface TrustSources {
  docs: TrustListDocument[] | undefined;
  dscs: Uint8Array[] | undefined;
  dccRevocations: DccRevocationBatch[] | undefined;
  shc: ShcIssuerKeys[] | undefined;
  /** Cut-offs of the revocation logs the trust lists point at (synced, or a saved replica). */
  revocations?: TrustListRevocation[] | undefined;
}

/** Where `read` finds the revocations of trust lists that point at a revocation log. */
export interface RevocationOptions {
  /** Replica cache of logs reached by URL (default {@link defaultRevocationDir}). */
  dir?: string;
  /** A saved replica (`trust-list sync --out`) for trust lists read from files. */
  replica?: string;
  /** Called per synced partition (a progress bar). */
  onPartition?: (done: number, total: number) => void;
}

/** The read context parts of loaded sources: a trust store, DCC keys and revocations, SHC keys. */
export function trustContext(sources: TrustSources): {
  trust?: TrustStore;
  dccKeys?: DccKeySource;
  dccRevocations?: DccRevocationSource;
  shcKeys?: ShcKeySource;
} {
  const log = sources.revocations && {
    name: 'oneqr-revocation-log',
    keys: [],
    revocations: sources.revocations,
  };
  return {
    ...(sources.docs && {
      trust: TrustStore.fromSources([...sources.docs.map(sourceFromTrustList), ...(log ? [log] : [])]),
    }),
    ...(sources.dscs && { dccKeys: dccKeySourceFromCertificates(sources.dscs) }),
    ...(sources.dccRevocations && { dccRevocations: dccRevocationSource(sources.dccRevocations) }),
    ...(sources.shc && { shcKeys: shcKeySourceFromIssuers(sources.shc) }),
  };
}

/** Files read from one issuer directory, and how deep: a key directory is small. */
const DIR_MAX_FILES = 1000;
const DIR_MAX_DEPTH = 4;

/** The `.json` files under `dir` (`.well-known/jwks.json`, `.well-known/crl/<kid>.json`, …). */
async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    const entries = await fs.readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && depth < DIR_MAX_DEPTH) await walk(full, depth + 1);
      else if (e.isFile() && e.name.endsWith('.json')) {
        out.push(full);
        if (out.length > DIR_MAX_FILES)
          throw new CliError(`trust directory "${dir}": more than ${DIR_MAX_FILES} JSON files`);
      }
    }
  };
  await walk(dir, 0);
  return out;
}

/**
 * `--trust https://issuer.example/shc=PATH`: the SHC issuer URL a published key set (which names
 * none) is bound to, then the file or directory. An issuer URL holding `=` cannot be given so.
 */
function splitIssuer(arg: string): { iss?: string; file: string } {
  const m = /^(https:\/\/[^=\s]+)=(.+)$/.exec(arg);
  return m ? { iss: m[1]!, file: m[2]! } : { file: arg };
}

function refused(file: string, i: { code: string; message: string }): CliError {
  return new CliError(`trust file "${file}": ${i.code}: ${i.message}`);
}

/**
 * Each `--trust` path is recognised by content: a signed OneQR trust list (JWS), an EU gateway
 * DSC list (a JSON array of `{kid, country, certificateType, rawData}`, rawData base64 DER;
 * only DSC entries sign DCCs), an EU DCC revocation list (a JSON array of
 * `{kid, country, expires, hashType, entries}`, as GET /v1/trust-list/dcc-revocations answers),
 * an SHC issuer key set (`{"keys": […]}`), an SHC revocation list, or a directory of issuer key sets with their revocation lists. An SHC key set verifies only cards
 * of its issuer: the file's `iss`, or the URL given as `--trust https://issuer=PATH` (a published
 * jwks.json names none; one bound to no issuer is refused). Revocation lists are joined to
 * the key set holding their kid, whichever path gave them. A signed trust list has its root
 * signature checked when `rootPublicFile` is given; otherwise a local file is trusted as given
 * (the operator put it there). A list past its nextUpdate at `at` (default now) is still used,
 * with a TRUST_LIST_STALE warning on stderr.
 */
export async function loadTrustSources(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
  revocationOpts: RevocationOptions = {},
): Promise<TrustSources> {
  const docs: TrustListDocument[] = [];
  let revocations: TrustListRevocation[] | undefined;
  const dscs: Uint8Array[] = [];
  const dccLists: DccRevocationBatch[] = [];
  const sets: ShcIssuerKeys[] = [];
  const crls: { file: string; crl: ShcRevocationList }[] = [];
  const root = rootPublicFile && files.length > 0 ? await readRootPublicKey(rootPublicFile) : undefined;
  const one = async (file: string, inDirectory: boolean, iss: string | undefined) => {
    const url = inDirectory ? null : trustListUrl(file);
    if (url !== null) {
      if (root === undefined)
        throw new CliError(
          `trust list URL "${file}" needs --root-public: the list and its revocation log are checked against it`,
        );
      const doc = await trustListDocument(url.toString(), await fetchText(url.toString()), root, at);
      docs.push(doc);
      if (doc.revocationLog) {
        const dir = revocationOpts.dir ?? defaultRevocationDir();
        const synced = await syncLog(doc, url, root, dir, revocationOpts.onPartition);
        (revocations ??= []).push(...synced.replica.revocations());
      }
      return;
    }
    const text = await readTextFile(file, 'trust file', TRUST_SOURCE_MAX_LENGTH);
    const kind = detectTrustSource(text);
    if (!kind.ok) throw refused(file, kind.issue);
    if (iss !== undefined && kind.value !== 'shc-jwks' && kind.value !== 'shc-crl') {
      throw new CliError(
        `trust file "${file}": TRUST_SOURCE_FIELD: an issuer URL is given only with an SHC key set or issuer directory, not a ${kind.value}`,
      );
    }
    if (inDirectory && kind.value !== 'shc-jwks' && kind.value !== 'shc-crl') {
      throw new CliError(
        `trust file "${file}": TRUST_SOURCE_UNREADABLE: a trust directory holds SHC key sets and revocation lists only, not a ${kind.value}`,
      );
    }
    if (kind.value === 'eu-dsc-list') {
      const list = await parseDscList(text);
      if (!list.ok) throw refused(file, list.issue);
      dscs.push(...list.value.map((e) => e.der));
    } else if (kind.value === 'eu-dcc-revocations') {
      const list = parseDccRevocationList(text);
      if (!list.ok) throw refused(file, list.issue);
      dccLists.push(...list.value);
    } else if (kind.value === 'shc-jwks') {
      const set = await parseShcJwks(text, iss === undefined ? {} : { iss });
      if (!set.ok) throw refused(file, set.issue);
      sets.push(set.value);
    } else if (kind.value === 'shc-crl') {
      const crl = parseShcCrl(text);
      if (!crl.ok) throw refused(file, crl.issue);
      crls.push({ file, crl: crl.value });
    } else {
      const doc = await trustListDocument(file, text, root, at);
      docs.push(doc);
      if (doc.revocationLog)
        (revocations ??= []).push(...(await savedReplica(file, doc, revocationOpts.replica)));
    }
  };
  for (const arg of files) {
    const { iss, file } = splitIssuer(arg);
    let isDir = false;
    try {
      isDir = (await fs.stat(file)).isDirectory();
    } catch {
      // readTextFile reports the missing file in its one line.
    }
    if (!isDir) {
      await one(file, false, iss);
      continue;
    }
    const found = await jsonFilesUnder(file);
    if (found.length === 0) throw new CliError(`trust directory "${file}" holds no .json file`);
    for (const f of found) await one(f, true, iss);
  }
  const joined = attachShcCrls(
    sets,
    crls.map((c) => c.crl),
  );
  if (joined.orphans.length > 0) {
    const file = crls.find((c) => c.crl.kid === joined.orphans[0])!.file;
    throw new CliError(
      `trust file "${file}": TRUST_SOURCE_FIELD: revocation list for kid ${joined.orphans[0]}, but no key set given holds that key`,
    );
  }
  return {
    docs: docs.length > 0 ? docs : undefined,
    dscs: dscs.length > 0 ? dscs : undefined,
    dccRevocations: dccLists.length > 0 ? dccLists : undefined,
    shc: joined.sets.length > 0 ? joined.sets : undefined,
    revocations,
  };
}

/**
 * The revocations of a trust list file that points at a revocation log: from the saved replica
 * (trusted as given, like the file), checked against the list's heads. Without one, or behind
 * the list, a warning says which revocations go unseen; a replica newer than the list refuses.
 */
async function savedReplica(
  file: string,
  doc: TrustListDocument,
  replicaFile: string | undefined,
): Promise<TrustListRevocation[]> {
  if (replicaFile === undefined) {
    note(
      file,
      'the list points at a revocation log: revoked QR codes are not refused (give the list by URL, or --replica FILE from oneqr trust-list sync)',
    );
    return [];
  }
  const replica = (await readReplica(replicaFile, true))!;
  const plan = replica.plan(doc.revocationLog!);
  if ('errors' in plan) {
    const first = plan.errors[0];
    throw new CliError(
      `revocation replica "${replicaFile}" does not match trust list "${file}": ${first?.code}: ${first?.message}`,
      1,
    );
  }
  if (plan.sync.length > 0)
    note(
      file,
      `revocation replica "${replicaFile}" is behind the list in ${plan.sync.length} partition(s): revocations since it was synced are not refused (run oneqr trust-list sync)`,
    );
  return replica.revocations();
}

async function trustListDocument(
  file: string,
  text: string,
  root: JsonWebKey | undefined,
  at: Date,
): Promise<TrustListDocument> {
  if (root) {
    const verified = await verifyTrustList(text, root, { at });
    if ('errors' in verified) {
      const first = verified.errors[0];
      throw new CliError(`trust list "${file}" failed verification: ${first?.code}: ${first?.message}`, 1);
    }
    warn(file, verified.warnings);
    return verified.document;
  }
  const parsed = await parseTrustList(text, { at });
  if ('errors' in parsed) {
    const first = parsed.errors[0];
    throw new CliError(`trust file "${file}" is not a OneQR trust list: ${first?.code}: ${first?.message}`);
  }
  warn(file, parsed.warnings);
  return parsed.document;
}

/** The OneQR trust store of `files` (signed trust lists only; DSC lists are left out). */
export async function loadTrust(
  files: string[],
  rootPublicFile?: string,
  at: Date = new Date(),
): Promise<TrustStore | undefined> {
  return trustContext(await loadTrustSources(files, rootPublicFile, at)).trust;
}

function note(file: string, message: string): void {
  process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${message}`)}\n`);
}

function warn(file: string, warnings: readonly { code: string; message: string }[]): void {
  for (const w of warnings)
    process.stderr.write(`oneqr: warning: ${flatten(`trust list "${file}": ${w.code}: ${w.message}`)}\n`);
}
