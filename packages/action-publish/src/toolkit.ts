/**
 * What action-publish needs from GitHub Actions beyond what both actions need (registry-client's `ActionToolkit`):
 * running programs, globs, the workflow run and OIDC tokens. The real one (actionsToolkit.ts) wraps @actions/*,
 * which are ESM-only and cannot load under jest; tests pass a recording fake instead.
 */
import type { ActionToolkit } from '@wheelhouse/registry-client';

/** The workflow run a build came from, read from the GITHUB_* variables. */
export interface RunContext {
  sha: string;
  ref: string;
  repository: string;
  workflow: string;
  runId: string;
  serverUrl: string;
  actor: string;
  eventName: string;
}

export interface Toolkit extends ActionToolkit {
  /** Runs a program with output streamed to the log; resolves to its exit code. */
  exec(
    command: string,
    args: string[],
    options: { cwd: string },
  ): Promise<number>;
  /** Files matching the glob patterns, absolute paths. */
  glob(patterns: string[], options: { cwd: string }): Promise<string[]>;
  context: RunContext;
  /** GITHUB_WORKSPACE, or the current directory outside Actions. */
  workspace: string;
  /** Whether the job may request an OIDC token (`permissions: id-token: write`). */
  idTokenAvailable: boolean;
  /** An OIDC token of the job for this audience. */
  getIdToken(audience: string): Promise<string>;
}
