/** The event pipeline's HTTP errors (docs/api-errors.md). */
import type { HttpErrorSpec } from '../errors.ts';

export const EVENTS_ERRORS = {
  EVENTS_UNAVAILABLE: {
    status: 503,
    message: 'The event stream did not acknowledge the write: nothing was recorded, retry with the same ids',
  },
} satisfies Record<string, HttpErrorSpec>;
