/** Uploading with the real twine (Debian's /usr/bin/twine, 4.x). */
import fs from 'node:fs';
import { pythonToolEnv } from './env';
import { run, RunResult } from './exec';

export const TWINE = '/usr/bin/twine';

/**
 * twine 4 logs through rich with force_terminal=True, so its output carries ANSI escapes;
 * note that it reports errors such as "HTTPError: 401 Unauthorized" on STDOUT, not stderr.
 */
// eslint-disable-next-line no-control-regex -- ANSI escapes start with the ESC control character
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

async function runTwine(args: string[]): Promise<RunResult> {
  const result = await run(TWINE, args, {
    env: pythonToolEnv({ NO_COLOR: '1', COLUMNS: '200' }),
  });
  return {
    code: result.code,
    stdout: result.stdout.replace(ANSI, ''),
    stderr: result.stderr.replace(ANSI, ''),
  };
}

const BASE_ARGS = ['upload', '--non-interactive', '--disable-progress-bar'];

export interface TwineUploadOptions {
  repositoryUrl: string;
  username: string;
  password: string;
  files: string[];
  /** Optional .pypirc to read (only for defaults; the URL and credentials given here win). */
  configFile?: string;
  extraArgs?: string[];
}

/** `twine upload --repository-url URL -u USER -p PASSWORD files...`; never throws on a failed upload. */
export function twineUpload(options: TwineUploadOptions): Promise<RunResult> {
  return runTwine([
    ...BASE_ARGS,
    '--repository-url',
    options.repositoryUrl,
    '--username',
    options.username,
    '--password',
    options.password,
    ...(options.configFile ? ['--config-file', options.configFile] : []),
    ...(options.extraArgs ?? []),
    ...options.files,
  ]);
}

export interface PypircRepository {
  name: string;
  repositoryUrl: string;
  username: string;
  password: string;
}

/** Writes a ~/.pypirc-style file naming the given repositories. */
export function writePypirc(
  file: string,
  repositories: PypircRepository[],
): string {
  const sections = repositories.map(r =>
    [
      `[${r.name}]`,
      `repository = ${r.repositoryUrl}`,
      `username = ${r.username}`,
      `password = ${r.password}`,
    ].join('\n'),
  );
  const text = [
    '[distutils]',
    'index-servers =',
    ...repositories.map(r => `    ${r.name}`),
    '',
    ...sections.map(s => `${s}\n`),
  ].join('\n');
  fs.writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export interface TwineConfigUploadOptions {
  configFile: string;
  repository: string;
  files: string[];
  extraArgs?: string[];
}

/** `twine upload --config-file F -r NAME files...`; never throws on a failed upload. */
export function twineUploadWithConfig(
  options: TwineConfigUploadOptions,
): Promise<RunResult> {
  return runTwine([
    ...BASE_ARGS,
    '--config-file',
    options.configFile,
    '--repository',
    options.repository,
    ...(options.extraArgs ?? []),
    ...options.files,
  ]);
}
