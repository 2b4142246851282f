import { useCallback, useState } from 'react';

export interface Submission {
  /** True while an action runs: the form's buttons are disabled. */
  busy: boolean;
  /** The message of the last action's failure, until the next action or `clearError()`. */
  error?: string;
  /** Runs the action; true when it succeeded. A failure is kept in `error`, never thrown. */
  run(action: () => Promise<unknown>): Promise<boolean>;
  clearError(): void;
}

/**
 * The state of a form that sends changes: busy while one runs, and its error message to show inline.
 *
 * Not react-use's `useAsyncFn`: it hands a failure back as the resolved value (indistinguishable from a result)
 * and its error cannot be cleared when a dialog closes.
 */
export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, run, clearError };
}
