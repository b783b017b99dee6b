import type { Migration } from 'kysely';
import * as m0001 from './0001_registry.ts';
import * as m0002 from './0002_access.ts';
import * as m0003 from './0003_issuers.ts';
import * as m0004 from './0004_credentials.ts';
import * as m0005 from './0005_health.ts';
import * as m0006 from './0006_scan_lookups.ts';
import * as m0007 from './0007_refusal_windows.ts';
import * as m0010 from './0010_venues.ts';
import * as m0011 from './0011_checkins.ts';
import * as m0012 from './0012_tracing.ts';
import * as m0015 from './0015_declarations.ts';
import * as m0019 from './0019_checkins_by_day.ts';
import * as m0020 from './0020_linkage.ts';
import * as m0030 from './0030_passport.ts';
import * as m0031 from './0031_passport_one_current.ts';
import * as m0040 from './0040_citizen_sign_in.ts';
import * as m0045 from './0045_vaccination_sites.ts';
import * as m0050 from './0050_trust_sources.ts';
import * as m0060 from './0060_access_changes.ts';
import * as m0065 from './0065_revocation_log.ts';

/** Every migration, by its sortable name. Append only. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_registry': m0001,
  '0002_access': m0002,
  '0003_issuers': m0003,
  '0004_credentials': m0004,
  '0005_health': m0005,
  '0006_scan_lookups': m0006,
  '0007_refusal_windows': m0007,
  '0010_venues': m0010,
  '0011_checkins': m0011,
  '0012_tracing': m0012,
  '0015_declarations': m0015,
  '0019_checkins_by_day': m0019,
  '0020_linkage': m0020,
  '0030_passport': m0030,
  '0031_passport_one_current': m0031,
  '0040_citizen_sign_in': m0040,
  '0045_vaccination_sites': m0045,
  '0050_trust_sources': m0050,
  '0060_access_changes': m0060,
  '0065_revocation_log': m0065,
};
