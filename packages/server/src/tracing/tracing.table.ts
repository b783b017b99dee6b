/** Tables owned by the tracing domain (Kysely types). Only this domain queries them. */

export interface TracingCaseRow {
  id: string;
  person_id: string;
  /** Positive test or onset, Unix ms. */
  confirmed_at: number;
  window_from: number;
  window_to: number;
  window_minutes: number;
  officer_client_id: string | null;
  created_at: number;
}

/** The outbox: one notification per exposed person and case. */
export interface TracingNotificationRow {
  id: string;
  person_id: string;
  case_id: string;
  /** JSON of the notification shown in the person's feed. */
  body: string;
  created_at: number;
  attempts: number;
  /** Null once delivered or given up. */
  next_attempt_at: number | null;
  delivered_at: number | null;
  last_error: string | null;
}

export interface TracingTables {
  tracing_cases: TracingCaseRow;
  tracing_notifications: TracingNotificationRow;
}
