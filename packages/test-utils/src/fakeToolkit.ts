/**
 * The GitHub actions' Toolkit (their seam to @actions/*), faked for tests: inputs from an object, and everything the
 * action does recorded. It has the members of both actions' Toolkit interfaces, so either accepts it.
 */
import type { Agent } from 'node:http';

/** The workflow run of the fake (the type of action-publish's RunContext, inferred). */
export const CONTEXT = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'refs/heads/main',
  repository: 'acme/widgets',
  workflow: 'release',
  runId: '4242',
  serverUrl: 'https://github.example.com',
  actor: 'octocat',
  eventName: 'push',
};

/** What the fake records. */
interface Recorded {
  outputs: Record<string, string>;
  secrets: string[];
  logs: string[];
  notices: string[];
  warnings: string[];
  errors: string[];
  failed?: string;
  summary: string;
  execs: { command: string; args: string[]; cwd: string }[];
}

/**
 * The members' types are not declared again here: they are those of the actions' Toolkit interfaces (registry-client's
 * ActionToolkit and each action's additions), which check the fake wherever a test passes it.
 */
export function fakeToolkit(
  inputs: Record<string, string>,
  options: {
    workspace?: string;
    exec?: (command: string, args: string[]) => number;
    glob?: (patterns: string[]) => string[];
  } = {},
) {
  const recorded: Recorded = {
    outputs: {},
    secrets: [],
    logs: [],
    notices: [],
    warnings: [],
    errors: [],
    summary: '',
    execs: [],
  };
  return Object.assign(recorded, {
    getInput: (name: string) => (inputs[name] ?? '').trim(),
    setOutput: (name: string, value: string) =>
      void (recorded.outputs[name] = value),
    setSecret: (value: string) => void recorded.secrets.push(value),
    info: (message: string) => void recorded.logs.push(message),
    notice: (message: string) => void recorded.notices.push(message),
    warning: (message: string) => void recorded.warnings.push(message),
    error: (message: string) => void recorded.errors.push(message),
    setFailed: (message: string) => void (recorded.failed = message),
    appendSummary: async (html: string) => void (recorded.summary += html),
    exec: async (command: string, args: string[], { cwd }: { cwd: string }) => {
      recorded.execs.push({ command, args, cwd });
      return options.exec?.(command, args) ?? 0;
    },
    glob: async (patterns: string[]) => options.glob?.(patterns) ?? [],
    context: CONTEXT,
    workspace: options.workspace ?? '/workspace',
    proxyAgent: (): Agent | undefined => undefined,
    debugEnabled: false,
    idTokenAvailable: false,
    getIdToken: async (): Promise<string> => {
      throw new Error('no OIDC token in unit tests');
    },
  });
}

export type FakeToolkit = ReturnType<typeof fakeToolkit>;
