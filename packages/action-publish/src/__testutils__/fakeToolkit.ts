import { RunContext, Toolkit } from '../toolkit';

/** A Toolkit that takes inputs from an object and records everything the action does. */
export interface FakeToolkit extends Toolkit {
  outputs: Record<string, string>;
  secrets: string[];
  logs: string[];
  warnings: string[];
  errors: string[];
  failed?: string;
  summary: string;
  execs: { command: string; args: string[]; cwd: string }[];
}

export const CONTEXT: RunContext = {
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'refs/heads/main',
  repository: 'acme/widgets',
  workflow: 'release',
  runId: '4242',
  serverUrl: 'https://github.example.com',
  actor: 'octocat',
  eventName: 'push',
};

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
    warnings: [],
    errors: [],
    summary: '',
    execs: [],
    getInput: name => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (toolkit.outputs[name] = value),
    setSecret: value => void toolkit.secrets.push(value),
    info: message => void toolkit.logs.push(message),
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
