/** The demo credentials file: one client per role, readable by the owner only (0600). */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../access/service.ts';
import type { Persona } from './demo-health.ts';

export const CREDENTIALS_FILE_NAME = 'demo-credentials.json';

export interface DemoClient {
  role: Role;
  name: string;
  issuerId?: string;
  personId?: string;
  siteId?: string;
  clientId: string;
  clientSecret: string;
}

export interface DemoCredentials {
  generatedAt: string;
  /** How to use a client: POST this path with `{ client_id, client_secret }` for a bearer token. */
  tokenEndpoint: string;
  note: string;
  clients: DemoClient[];
  /** Synthetic persons with known stories (colour cards on the day of seeding). */
  personas: Persona[];
}

/**
 * Writes the file atomically with mode 0600 (a temporary file renamed over any old one, so it is
 * never readable by others, not even briefly) and returns its path.
 */
export async function writeCredentialsFile(dataDir: string, doc: DemoCredentials): Promise<string> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, CREDENTIALS_FILE_NAME);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600, flag: 'w' });
  await fs.chmod(tmp, 0o600); // the mode above is subject to umask and ignored for an existing file
  await fs.rename(tmp, file);
  return file;
}
