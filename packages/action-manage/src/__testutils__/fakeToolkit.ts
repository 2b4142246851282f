import { Toolkit } from '../toolkit';

/** A Toolkit that takes inputs from an object and records everything the action does. */
export interface FakeToolkit extends Toolkit {
  outputs: Record<string, string>;
  secrets: string[];
  logs: string[];
  notices: string[];
  warnings: string[];
  errors: string[];
  failed?: string;
  summary: string;
}

export function fakeToolkit(inputs: Record<string, string>): FakeToolkit {
  const toolkit: FakeToolkit = {
    outputs: {},
    secrets: [],
    logs: [],
    notices: [],
    warnings: [],
    errors: [],
    summary: '',
    getInput: name => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (toolkit.outputs[name] = value),
    setSecret: value => void toolkit.secrets.push(value),
    info: message => void toolkit.logs.push(message),
    notice: message => void toolkit.notices.push(message),
    warning: message => void toolkit.warnings.push(message),
    error: message => void toolkit.errors.push(message),
    setFailed: message => void (toolkit.failed = message),
    appendSummary: async html => void (toolkit.summary += html),
    proxyAgent: () => undefined,
    debugEnabled: false,
  };
  return toolkit;
}
