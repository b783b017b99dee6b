import type { HttpErrorSpec } from '../errors.ts';

/** HTTP error codes owned by the health domain: code → status and default message. Stable. */
export const HEALTH_ERRORS = {
  HEALTH_PERSON_NOT_FOUND: { status: 404, message: 'No person with this ID number' },
  HEALTH_VACCINE_UNKNOWN: {
    status: 400,
    message: 'vaccineCode is not a vaccine licensed in Vietnam (EU value set code)',
  },
  HEALTH_DOSE_INVALID: { status: 400, message: 'doseNumber or totalDoses is out of range' },
  HEALTH_DATE_INVALID: { status: 400, message: 'The date is not a valid calendar date or date-time' },
  HEALTH_DATE_IN_FUTURE: { status: 400, message: 'The date is later than now' },
  HEALTH_CASE_INVALID: {
    status: 400,
    message: 'recoveredCertificateAt is allowed only with status "recovered"',
  },
  HEALTH_PROVINCE_INVALID: {
    status: 400,
    message: 'The province is neither a 2-digit GSO code nor "national"',
  },
  HEALTH_RULE_INVALID: { status: 400, message: 'The colour rule set is not valid' },
  HEALTH_RULE_BACKDATED: {
    status: 400,
    message: 'validFrom is earlier than now: a new rule version cannot change the past',
  },
  HEALTH_RULE_ID_MISMATCH: { status: 409, message: 'The province already has a rule set with another id' },
  HEALTH_RULES_MISSING: { status: 503, message: 'No colour rule set is loaded' },
  HEALTH_RULE_EVALUATION_FAILED: { status: 500, message: 'The colour rule set could not be evaluated' },
} satisfies Record<string, HttpErrorSpec>;
