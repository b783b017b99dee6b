/** Tables owned by the checkins domain (Kysely types). Only this domain queries them. */

export interface CheckinRow {
  /** Client-generated; unique, so a re-upload stores the event once. */
  event_id: string;
  /** Registry id number. */
  person_id: string;
  venue_id: string;
  /** 'in' | 'out'. */
  direction: string;
  /** The device's time of the event, Unix ms. */
  at: number;
  /** When the platform stored it, Unix ms. */
  server_at: number;
  /** 'citizen' | 'staff' | 'import'. */
  source: string;
  client_id: string | null;
}

export interface CheckinsTables {
  checkins: CheckinRow;
}
