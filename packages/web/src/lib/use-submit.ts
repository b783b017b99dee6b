/**
 * A form's submit: prevents the page load, marks the form busy, runs the action, and turns a
 * failure into words in the person's language (the error's code picks them). One place for what
 * every form page does.
 */
import { useState } from 'preact/hooks';
import { errorText } from './errors.ts';
import { useI18n } from './i18n.ts';

export interface Submit {
  busy: boolean;
  error: string | undefined;
  /** An onSubmit handler running `action`. */
  handler(action: () => Promise<void>): (e: Event) => void;
}

export function useSubmit(): Submit {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return {
    busy,
    error,
    handler: (action) => (e) => {
      e.preventDefault();
      setBusy(true);
      setError(undefined);
      action()
        .catch((err: unknown) => setError(errorText(err, t)))
        .finally(() => setBusy(false));
    },
  };
}
