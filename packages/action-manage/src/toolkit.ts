/**
 * What the action needs from GitHub Actions, as an interface: the real one (actionsToolkit.ts) wraps
 * @actions/core, which is ESM-only and cannot load under jest; tests pass a recording fake instead.
 */
import type { Agent } from 'node:http';

export interface Annotation {
  title?: string;
}

export interface Toolkit {
  /** The input's value, trimmed; '' when it was not given. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Masks the value in every later log line. */
  setSecret(value: string): void;
  info(message: string): void;
  notice(message: string, annotation?: Annotation): void;
  warning(message: string, annotation?: Annotation): void;
  error(message: string, annotation?: Annotation): void;
  setFailed(message: string): void;
  /** Appends HTML/Markdown to the job summary. */
  appendSummary(html: string): Promise<void>;
  /** The agent for a URL through the runner's proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY); undefined: direct. */
  proxyAgent(url: URL): Agent | undefined;
  /** Step debug logging is on (ACTIONS_STEP_DEBUG / RUNNER_DEBUG). */
  debugEnabled: boolean;
}
