/** Tables owned by the declarations domain (Kysely types). Only this domain queries them. */

export interface DeclarationRow {
  id: string;
  /** 'health' | 'movement'. */
  form: string;
  form_version: number;
  /** The ID number of the person the declaration is about. */
  person_id: string;
  /** The QID of the citizen who declared (themself or on behalf); null when an officer recorded it. */
  declarer_qid: string | null;
  declarer_client_id: string | null;
  /** 1 when declared by someone other than the person (a citizen for a dependent, an officer). */
  on_behalf: number;
  /** JSON of the validated answers. */
  answers: string;
  travel_date: string | null;
  vehicle_key: string | null;
  qr_payload: string | null;
  expires_at: number | null;
  created_at: number;
}

export interface DeclarationContactRow {
  declaration_id: string;
  person_id: string;
  contact_id: string;
  contact_date: string | null;
  created_at: number;
}

export interface DeclarationsTables {
  declarations: DeclarationRow;
  declaration_contacts: DeclarationContactRow;
}
