/** Tables owned by the venues domain (Kysely types). Only this domain queries them. */

export interface VenueRow {
  id: string;
  name: string;
  address: string;
  province_code: string;
  district_code: string | null;
  commune_code: string | null;
  owner_name: string | null;
  owner_phone: string | null;
  owner_client_id: string | null;
  /** JSON of OpeningHours, or null. */
  opening_hours: string | null;
  /** JSON array of client ids allowed to scan for the venue. */
  staff_client_ids: string;
  /** 'active' | 'suspended' | 'closed'. */
  status: string;
  qr_payload: string;
  created_at: number;
  updated_at: number;
}

export interface VenuesTables {
  venues: VenueRow;
}
