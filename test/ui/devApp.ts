/** The pypi frontend plugin's dev app (packages/backstage-plugin/dev): built with esbuild, served in front of a backend. */
import { buildDevApp } from '../../packages/backstage-plugin/dev/build';
import { startDevServer } from '../../packages/backstage-plugin/dev/server';

export interface RunningDevApp {
  url: string;
  close(): Promise<void>;
}

/** Bundles the app into outdir and serves it on a free port; its /api/* goes to the backend. */
export async function startDevApp(
  outdir: string,
  backendUrl: string,
): Promise<RunningDevApp> {
  await buildDevApp({ outdir });
  return startDevServer({ distDir: outdir, backendUrl, port: 0 });
}
