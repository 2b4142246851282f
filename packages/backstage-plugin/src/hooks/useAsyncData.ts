import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface AsyncData<T> {
  loading: boolean;
  error?: Error;
  value?: T;
  /** Loads again; the previous value stays shown meanwhile. */
  retry(): void;
}

/**
 * Loads data when the dependencies change; a late answer to an older load is ignored.
 *
 * Not react-use's `useAsyncRetry`: its `retry()` does nothing while a load is in flight, so a list reloaded right
 * after a change (restore, purge, remove) could keep showing the answer of a load that started before the change.
 * Here every `retry()` starts a new load, and only the latest one's answer is shown.
 */
export function useAsyncData<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): AsyncData<T> {
  const [state, setState] = useState<{
    loading: boolean;
    error?: Error;
    value?: T;
  }>({ loading: true });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    setState(previous => ({ loading: true, value: previous.value }));
    load().then(
      value => id === latest.current && setState({ loading: false, value }),
      error =>
        id === latest.current &&
        setState({
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
    // The caller's deps decide when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);

  const retry = useCallback(() => setAttempt(count => count + 1), []);
  return { ...state, retry };
}
