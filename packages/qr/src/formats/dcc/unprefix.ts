import { issue } from '../../errors.ts';
import { fail, ok, type Step } from '../../lib/step.ts';

/** The context identifier of an EU DCC: version 1 of the health certificate. */
export const DCC_PREFIX = 'HC1:';

/** Step 1: strips the `HC1:` context identifier, leaving the Base45 text. */
export function unprefixDcc(text: string): Step<string> {
  if (!text.startsWith(DCC_PREFIX)) {
    const found = text.slice(0, 4).replace(/[^\x20-\x7e]/g, '?');
    return fail(issue('DCC_PREFIX', `Prefix: expected "HC1:", found "${found}"`, 'prefix'));
  }
  return ok(text.slice(DCC_PREFIX.length));
}
