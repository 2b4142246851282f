/**
 * What the action needs from GitHub Actions, as an interface: the real one (actionsToolkit.ts) wraps
 * @actions/*, which are ESM-only and cannot load under jest; tests pass a recording fake instead.
 */
import type { Agent } from 'node:http';

export interface Annotation {
  title?: string;
}

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

export interface Toolkit {
  /** The input's value, trimmed; '' when it was not given. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Masks the value in every later log line. */
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  setFailed(message: string): void;
  /** Appends HTML/Markdown to the job summary. */
  appendSummary(html: string): Promise<void>;
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
  /** The agent for a URL through the runner's proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY); undefined: direct. */
  proxyAgent(url: URL): Agent | undefined;
  /** Step debug logging is on (ACTIONS_STEP_DEBUG / RUNNER_DEBUG). */
  debugEnabled: boolean;
  /** Whether the job may request an OIDC token (`permissions: id-token: write`). */
  idTokenAvailable: boolean;
  /** An OIDC token of the job for this audience. */
  getIdToken(audience: string): Promise<string>;
}
