/** Tables owned by the health domain (Kysely types). Only this domain queries them. */
import type { Insertable, Selectable } from 'kysely';

/** One administered dose. `administered_on` is the calendar date (YYYY-MM-DD) the site recorded. */
export interface VaccinationsTable {
  id: string;
  /** The person's registry id number. */
  person_id: string;
  /** EU DCC value set `vaccine-medicinal-product`, e.g. 'EU/1/21/1529'. */
  vaccine_code: string;
  vaccine_name: string;
  lot: string | null;
  dose_number: number;
  /** Length of the primary series: 1 for Janssen, 3 for Abdala, 2 otherwise. */
  total_doses: number;
  administered_on: string;
  site: string | null;
  created_at: number;
}

export interface TestResultsTable {
  id: string;
  person_id: string;
  test_type: 'pcr' | 'rapid-antigen';
  result: 'negative' | 'positive';
  sampled_at: number;
  created_at: number;
}

/** The current case status of a person (one row; absent = 'none'). */
export interface CaseStatusTable {
  person_id: string;
  status: 'none' | 'f0' | 'f1' | 'recovered';
  since: number;
  recovered_certificate_at: number | null;
  updated_at: number;
}

/** One version of a colour rule set; the newest version valid at an instant decides. */
export interface ColourRulesTable {
  /** The rule set's stable id, e.g. 'khanh-hoa'; with `version` the primary key. */
  id: string;
  /** 2-digit GSO province code; null for the national default. */
  province_code: string | null;
  version: number;
  name: string;
  /** JSON: the ordered clauses `[{ id, colour, when }]`. */
  rule: string;
  valid_from: number;
  created_at: number;
}

export interface HealthTables {
  vaccinations: VaccinationsTable;
  test_results: TestResultsTable;
  case_status: CaseStatusTable;
  colour_rules: ColourRulesTable;
}

export type VaccinationRow = Selectable<VaccinationsTable>;
export type NewVaccinationRow = Insertable<VaccinationsTable>;
export type TestResultRow = Selectable<TestResultsTable>;
export type CaseStatusRow = Selectable<CaseStatusTable>;
export type ColourRuleRow = Selectable<ColourRulesTable>;
