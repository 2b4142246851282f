import { act, renderHook, waitFor } from '@testing-library/react';
import { useAsyncData } from './useAsyncData';

/** A load whose answer the test gives when it wants. */
function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>(done => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('useAsyncData', () => {
  it('starts a new load on retry() during a load and shows only the latest answer', async () => {
    const loads = [deferred(), deferred()];
    let calls = 0;
    const { result } = renderHook(() =>
      useAsyncData(() => loads[calls++].promise, []),
    );
    expect(result.current.loading).toBe(true);

    // A change was made while the first load was in flight: the list must reload.
    act(() => result.current.retry());
    await waitFor(() => expect(calls).toBe(2));

    await act(async () => loads[1].resolve('after the change'));
    expect(result.current).toMatchObject({
      loading: false,
      value: 'after the change',
    });
    // The first load, started before the change, answers last and is ignored.
    await act(async () => loads[0].resolve('before the change'));
    expect(result.current.value).toBe('after the change');
  });

  it('keeps the previous value shown while it loads again, and reports a failure', async () => {
    let answer: () => Promise<string> = () => Promise.resolve('first');
    const { result } = renderHook(() => useAsyncData(() => answer(), []));
    await waitFor(() => expect(result.current.value).toBe('first'));

    const next = deferred();
    answer = () => next.promise;
    act(() => result.current.retry());
    expect(result.current).toMatchObject({ loading: true, value: 'first' });
    await act(async () => next.resolve('second'));
    expect(result.current.value).toBe('second');

    answer = () => Promise.reject(new Error('registry unavailable'));
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.error?.message).toBe('registry unavailable');
  });
});
