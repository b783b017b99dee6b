/** The whole schema, composed from each domain's own table file. */
import type { RegistryTables } from '../registry/registry.table.ts';
import type { AccessTables } from '../access/access.table.ts';
import type { CitizenTables } from '../access/citizen.table.ts';
import type { IssuersTables } from '../issuers/issuers.table.ts';
import type { CredentialsTables } from '../credentials/credentials.table.ts';
import type { HealthTables } from '../health/health.table.ts';
import type { LinkageTables } from '../linkage/linkage.table.ts';
import type { ScanTables } from '../scan/scan.table.ts';
import type { PassportTables } from '../passport/passport.table.ts';
import type { VenuesTables } from '../venues/venues.table.ts';
import type { CheckinsTables } from '../checkins/checkins.table.ts';
import type { TracingTables } from '../tracing/tracing.table.ts';
import type { DeclarationsTables } from '../declarations/declarations.table.ts';
import type { TrustSourcesTables } from '../trust-sources/trust-sources.table.ts';

export interface DB
  extends
    RegistryTables,
    AccessTables,
    CitizenTables,
    IssuersTables,
    CredentialsTables,
    HealthTables,
    ScanTables,
    VenuesTables,
    CheckinsTables,
    TracingTables,
    DeclarationsTables,
    LinkageTables,
    PassportTables,
    TrustSourcesTables {}
