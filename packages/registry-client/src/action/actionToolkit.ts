/**
 * What both GitHub actions need from GitHub Actions (inputs, outputs, the log, the job summary, the runner's proxy),
 * as an interface: each action's own `Toolkit` extends it with what only that action uses, its `actionsToolkit.ts`
 * implements it on @actions/*, and tests pass the recording fake of @wheelhouse/test-utils. Types only, so the
 * client does not depend on @actions/*.
 */
import type { Agent } from 'node:http';

export interface Annotation {
  title?: string;
}

export interface ActionToolkit {
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
  /** The agent for a URL through the runner's proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY); undefined: direct. */
  proxyAgent(url: URL): Agent | undefined;
  /** Step debug logging is on (ACTIONS_STEP_DEBUG / RUNNER_DEBUG). */
  debugEnabled: boolean;
}
