/** Tables owned by the scan domain (Kysely types). Only this domain queries them. */

/** Registry look-ups (bare ID, CCCD, unsigned 1405) per client per fixed one-minute window. */
export interface ScanLookupWindowsTable {
  client_id: string;
  /** Epoch ms, a multiple of 60,000. */
  window_start: number;
  /** Look-ups attempted in the window, the refused ones included. */
  lookups: number;
}

export interface ScanTables {
  scan_lookup_windows: ScanLookupWindowsTable;
}
