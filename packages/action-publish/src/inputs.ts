import path from 'node:path';
import {
  checkTag,
  parseList,
  parseMetadataLines,
  parseRepositoryUrl,
  RepositoryEndpoints,
} from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';

export interface PublishInputs {
  endpoints: RepositoryEndpoints;
  username: string;
  /** '' means trusted publishing: the job's OIDC token is exchanged for a short-lived upload token. */
  password: string;
  /** Absolute; `build` runs here and relative paths start here. */
  workingDirectory: string;
  /** Absolute. */
  packagesDir: string;
  /** Glob patterns; when given they replace packages-dir. */
  files: string[];
  skipExisting: boolean;
  verifyMetadata: boolean;
  attachBuildMetadata: boolean;
  metadata: Record<string, string>;
  tags: string[];
  retries: number;
  build: boolean;
  python: string;
  buildArgs: string[];
  /** Log every request and answer (also on with step debug logging). */
  verbose: boolean;
}

/** Reads and validates every input up front, so a typo fails before anything is built or uploaded. */
export function readPublishInputs(toolkit: Toolkit): PublishInputs {
  const password = toolkit.getInput('password');
  // Masked before anything else can print it.
  if (password) toolkit.setSecret(password);
  const username = toolkit.getInput('username') || '__token__';
  if (password)
    toolkit.setSecret(
      Buffer.from(`${username}:${password}`).toString('base64'),
    );

  const repositoryUrl = toolkit.getInput('repository-url');
  if (!repositoryUrl)
    throw new Error(
      'Input repository-url is required, e.g. https://pypi.example.com/default/',
    );
  const workingDirectory = path.resolve(
    toolkit.workspace,
    toolkit.getInput('working-directory') || '.',
  );
  const tags = parseList(toolkit.getInput('tags'));
  tags.forEach(checkTag);
  return {
    endpoints: parseRepositoryUrl(repositoryUrl),
    username,
    password,
    workingDirectory,
    packagesDir: path.resolve(
      workingDirectory,
      toolkit.getInput('packages-dir') || 'dist/',
    ),
    files: toolkit
      .getInput('files')
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(Boolean),
    skipExisting: booleanInput(toolkit, 'skip-existing', false),
    verifyMetadata: booleanInput(toolkit, 'verify-metadata', true),
    attachBuildMetadata: booleanInput(toolkit, 'attach-build-metadata', true),
    metadata: parseMetadataLines(toolkit.getInput('metadata')),
    tags,
    retries: integerInput(toolkit, 'retries', 3, { min: 0, max: 10 }),
    build: booleanInput(toolkit, 'build', false),
    python: toolkit.getInput('python') || 'python',
    buildArgs: splitArguments(toolkit.getInput('build-args')),
    verbose: booleanInput(toolkit, 'verbose', false) || toolkit.debugEnabled,
  };
}

/** YAML 1.2 booleans, as core.getBooleanInput accepts them; the default applies when the input is absent. */
export function booleanInput(
  toolkit: Toolkit,
  name: string,
  fallback: boolean,
): boolean {
  const value = toolkit.getInput(name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new Error(
    `Input ${name} must be true or false, got ${JSON.stringify(value)}`,
  );
}

export function integerInput(
  toolkit: Toolkit,
  name: string,
  fallback: number,
  range: { min: number; max: number },
): number {
  const value = toolkit.getInput(name);
  if (value === '') return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < range.min || number > range.max) {
    throw new Error(
      `Input ${name} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}

/** Splits `--no-isolation --config-setting "a=b c"` like a shell would for simple quoting, without running one. */
export function splitArguments(text: string): string[] {
  const args: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text))
    args.push(match[1] ?? match[2] ?? match[3]);
  return args;
}
