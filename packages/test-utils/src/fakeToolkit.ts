/**
 * The GitHub actions' Toolkit (their seam to @actions/*), faked for tests: inputs from an object, and everything the
 * action does recorded. It has the members of both actions' Toolkit interfaces, so either accepts it.
 */
import type { Agent } from 'node:http';

export interface FakeRunContext {
  sha: string;
  ref: string;
  repository: string;
  workflow: string;
  runId: string;
  serverUrl: string;
  actor: string;
  eventName: string;
}

export const CONTEXT: FakeRunContext = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'refs/heads/main',
  repository: 'acme/widgets',
  workflow: 'release',
  runId: '4242',
  serverUrl: 'https://github.example.com',
  actor: 'octocat',
  eventName: 'push',
};

export interface FakeToolkit {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  info(message: string): void;
  notice(message: string, annotation?: { title?: string }): void;
  warning(message: string, annotation?: { title?: string }): void;
  error(message: string, annotation?: { title?: string }): void;
  setFailed(message: string): void;
  appendSummary(html: string): Promise<void>;
  exec(
    command: string,
    args: string[],
    options: { cwd: string },
  ): Promise<number>;
  glob(patterns: string[], options: { cwd: string }): Promise<string[]>;
  context: FakeRunContext;
  workspace: string;
  proxyAgent(url: URL): Agent | undefined;
  debugEnabled: boolean;
  idTokenAvailable: boolean;
  getIdToken(audience: string): Promise<string>;

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

export function fakeToolkit(
  inputs: Record<string, string>,
  options: {
    workspace?: string;
    exec?: (command: string, args: string[]) => number;
    glob?: (patterns: string[]) => string[];
  } = {},
): FakeToolkit {
  const toolkit: FakeToolkit = {
    outputs: {},
    secrets: [],
    logs: [],
    notices: [],
    warnings: [],
    errors: [],
    summary: '',
    execs: [],
    getInput: name => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (toolkit.outputs[name] = value),
    setSecret: value => void toolkit.secrets.push(value),
    info: message => void toolkit.logs.push(message),
    notice: message => void toolkit.notices.push(message),
    warning: message => void toolkit.warnings.push(message),
    error: message => void toolkit.errors.push(message),
    setFailed: message => void (toolkit.failed = message),
    appendSummary: async html => void (toolkit.summary += html),
    exec: async (command, args, { cwd }) => {
      toolkit.execs.push({ command, args, cwd });
      return options.exec?.(command, args) ?? 0;
    },
    glob: async patterns => options.glob?.(patterns) ?? [],
    context: CONTEXT,
    workspace: options.workspace ?? '/workspace',
    proxyAgent: () => undefined,
    debugEnabled: false,
    idTokenAvailable: false,
    getIdToken: async () => {
      throw new Error('no OIDC token in unit tests');
    },
  };
  return toolkit;
}
