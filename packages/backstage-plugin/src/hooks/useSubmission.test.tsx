import { act, renderHook } from '@testing-library/react';
import { useSubmission } from './useSubmission';

describe('useSubmission', () => {
  it('is busy while an action runs, keeps a failure as its message and clears it on the next run', async () => {
    const { result } = renderHook(() => useSubmission());
    let finish!: () => void;
    let outcome: Promise<boolean> | undefined;
    act(() => {
      outcome = result.current.run(
        () => new Promise<void>(resolve => (finish = resolve)),
      );
    });
    expect(result.current.busy).toBe(true);
    await act(async () => finish());
    expect(await outcome).toBe(true);
    expect(result.current.busy).toBe(false);

    let failed: boolean | undefined;
    await act(async () => {
      failed = await result.current.run(() =>
        Promise.reject(new Error('Key must not be empty')),
      );
    });
    expect(failed).toBe(false);
    expect(result.current).toMatchObject({
      busy: false,
      error: 'Key must not be empty',
    });

    act(() => result.current.clearError());
    expect(result.current.error).toBeUndefined();
    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('again')));
    });
    await act(async () => {
      await result.current.run(() => Promise.resolve());
    });
    expect(result.current.error).toBeUndefined();
  });
});
