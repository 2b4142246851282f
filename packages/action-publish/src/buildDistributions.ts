import { Toolkit } from './toolkit';

/** `python -m build --outdir <packages-dir> [build-args] <working-directory>`: a wheel and an sdist. */
export async function buildDistributions(
  toolkit: Toolkit,
  options: {
    python: string;
    packagesDir: string;
    workingDirectory: string;
    buildArgs: string[];
  },
): Promise<void> {
  const args = [
    '-m',
    'build',
    '--outdir',
    options.packagesDir,
    ...options.buildArgs,
    options.workingDirectory,
  ];
  const code = await toolkit
    .exec(options.python, args, { cwd: options.workingDirectory })
    .catch((error: Error) => {
      throw new Error(
        `Could not run ${options.python}: ${error.message}. Set up Python first (actions/setup-python) or set the python input.`,
      );
    });
  if (code !== 0) {
    throw new Error(
      `${options.python} ${args.join(' ')} failed with exit code ${code} (is the "build" package installed? pip install build)`,
    );
  }
}
