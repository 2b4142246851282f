/** Wraps an async handler so its rejections reach the error handler (Express 4 doesn't do this itself). */
export function handle<T extends (...args: any[]) => Promise<unknown>>(
  handler: T,
) {
  return (...args: Parameters<T>) => {
    const next = args[2] as (error: unknown) => void;
    handler(...args).catch(next);
  };
}
