/** Where a signed kind keeps its S1 signature field: the result of a kind's locator. */
import type { Issue } from '../errors.ts';

/**
 * - `unsigned`: no signature and nothing signature-like;
 * - `error`: the text has no place for a signature, or one is misplaced;
 * - `signed`: the S1 field is `text.slice(start)` (it is always last), named `field` in issues;
 *   `credentialId` is the key revocations are listed under.
 */
export type SignatureLocation =
  | { state: 'unsigned' }
  | { state: 'error'; issue: Issue }
  | { state: 'signed'; start: number; field: string; credentialId: string };
