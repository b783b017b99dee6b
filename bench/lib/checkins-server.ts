/** What the checkins benchmark's server child (../checkins-http-server.ts) is given and answers. */

/** The line prefix of the ready answer. */
export const CHECKINS_READY = '@@checkins-ready ';

export interface CheckinServerInput {
  url: string;
  persons: number;
  signed: number;
  citizens: number;
}

export interface CheckinServerReady {
  origin: string;
  markUrl: string;
  venueCode: string;
  /** Signed personal QRs (what venue staff scan). */
  personCodes: string[];
  staffToken: string;
  citizenTokens: string[];
  seedSeconds: number;
}

export interface CheckinMark {
  cpuSeconds: number;
  checkins: number;
  commits: number;
}
