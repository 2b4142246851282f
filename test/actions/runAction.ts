/**
 * Runs a bundled action (packages/action-{publish,manage}/dist/index.js) the way the GitHub runner does: a node process with one
 * INPUT_<NAME> variable per input (upper-cased, hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
 * the GITHUB_* context variables. Returns the exit code, the log, the outputs and the summary.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pythonToolEnv } from '../support/env';
import { run } from '../support/exec';
import { REPO_ROOT } from '../support/registry';

export const PUBLISH_ACTION = path.join(
  REPO_ROOT,
  'packages',
  'action-publish',
  'dist',
  'index.js',
);
export const MANAGE_ACTION = path.join(
  REPO_ROOT,
  'packages',
  'action-manage',
  'dist',
  'index.js',
);

export const GITHUB_CONTEXT = {
  GITHUB_SHA: '1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
  GITHUB_REF: 'refs/tags/v1.0.0',
  GITHUB_REPOSITORY: 'acme/wh-action-demo',
  GITHUB_WORKFLOW: 'release',
  GITHUB_RUN_ID: '987654321',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_ACTOR: 'octocat',
  GITHUB_EVENT_NAME: 'push',
};

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** `::error ...::message` and `::warning ...::message` workflow commands, as [kind, message]. */
  annotations: [string, string][];
}

/** Reads the GITHUB_OUTPUT file: `name<<delimiter\nvalue\ndelimiter` records (and plain `name=value` ones). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) {
      outputs[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(
        lines[i].indexOf('=') + 1,
      );
    }
  }
  return outputs;
}

export async function runAction(
  action: string,
  options: {
    inputs: Record<string, string>;
    workDir: string;
    workspace?: string;
    env?: NodeJS.ProcessEnv;
  },
): Promise<ActionRun> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const outputFile = path.join(
    options.workDir,
    `output-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );
  const summaryFile = `${outputFile}.summary`;
  fs.writeFileSync(outputFile, '');
  fs.writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    // The action may run python -m build: give it the same clean Python environment as the other tools.
    ...pythonToolEnv(),
    ...GITHUB_CONTEXT,
    GITHUB_WORKSPACE: options.workspace ?? options.workDir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...options.env,
  };
  for (const key of Object.keys(env))
    if (key.startsWith('INPUT_')) delete env[key];
  for (const [name, value] of Object.entries(options.inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const result = await run(process.execPath, [action], {
    cwd: options.workspace ?? options.workDir,
    env,
    timeoutMs: 180_000,
  });
  const annotations = [
    ...result.stdout.matchAll(/^::(error|warning|notice)[^:]*::(.*)$/gm),
  ].map(m => [m[1], m[2]] as [string, string]);
  return {
    ...result,
    outputs: parseOutputFile(fs.readFileSync(outputFile, 'utf8')),
    summary: fs.readFileSync(summaryFile, 'utf8'),
    annotations,
  };
}

export function describeRun(result: ActionRun): string {
  return `exit ${result.code}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}\n--- outputs ---\n${JSON.stringify(result.outputs, null, 2)}`;
}

/** Fails with the whole log unless the action exited with the expected code. */
export function expectExit(result: ActionRun, code: number): ActionRun {
  if (result.code !== code)
    throw new Error(
      `expected the action to exit with ${code}, got:\n${describeRun(result)}`,
    );
  return result;
}
