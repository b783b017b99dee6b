/**
 * The content checks `read()` adds to a decoded DCC: JSON-schema validation (warnings) and the
 * value-set display names. Kept in a module of its own, loaded on the first `HC1:` read, because
 * the embedded schemas and value sets are the bulk of the DCC reader: a browser build puts them
 * in a chunk of their own and a scanner that never sees a DCC never loads them. Published as
 * `@oneqr/qr/dcc-content` for the same reason (the core entry point stays small).
 */
import type { Issue } from '../../errors.ts';
import type { Json } from './json.ts';
import { validateDccSchema } from './schema.ts';
import type { DccFields } from './types.ts';
import { withDccDisplayNames } from './value-sets.ts';

/** Schema warnings of `hcert` and the fields with display names. Never throws. */
export function checkDccContent(hcert: Json, fields: DccFields): { fields: DccFields; warnings: Issue[] } {
  return { fields: withDccDisplayNames(fields), warnings: validateDccSchema(hcert) };
}

export { validateDccSchema, dccSchemaVersionFor, DCC_SCHEMA_VERSIONS } from './schema.ts';
export {
  dccDisplayName,
  embeddedRuleValueSets,
  isInactiveDccCode,
  withDccDisplayNames,
  type DccValueSet,
} from './value-sets.ts';
