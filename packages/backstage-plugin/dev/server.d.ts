/** Serves the built dev app and forwards /api/* to the Backstage backend at `backendUrl`. */
export function startDevServer(options: {
  distDir: string;
  backendUrl: string;
  /** 0 picks a free port; default 3000. */
  port?: number;
  host?: string;
  /** The URL browsers use, when not http://host:port. */
  publicUrl?: string;
}): Promise<{ url: string; close(): Promise<void> }>;
