import fs from 'node:fs/promises';
import path from 'node:path';
import { Toolkit } from './toolkit';

const DISTRIBUTION = /\.(whl|tar\.gz|zip)$/;

/**
 * The distributions to upload, sorted by filename: the `files` globs when given, else every wheel and sdist
 * directly in packages-dir (other files there, such as build logs, are ignored). Fails when there are none,
 * because a publish step that publishes nothing is a broken workflow.
 */
export async function findDistributions(
  toolkit: Toolkit,
  options: { files: string[]; packagesDir: string; workingDirectory: string },
): Promise<string[]> {
  let found: string[];
  let where: string;
  if (options.files.length) {
    found = await toolkit.glob(options.files, {
      cwd: options.workingDirectory,
    });
    where = `the files matching ${options.files.join(', ')}`;
  } else {
    const entries = await fs
      .readdir(options.packagesDir, { withFileTypes: true })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT')
          throw new Error(
            `packages-dir ${options.packagesDir} does not exist: build the distributions first, or set build: true`,
          );
        throw error;
      });
    found = entries
      .filter(entry => entry.isFile())
      .map(entry => path.join(options.packagesDir, entry.name));
    where = options.packagesDir;
  }
  const distributions = found.filter(file =>
    DISTRIBUTION.test(path.basename(file)),
  );
  if (!distributions.length)
    throw new Error(
      `No distributions (*.whl, *.tar.gz, *.zip) found in ${where}`,
    );
  return distributions.sort((a, b) =>
    path.basename(a).localeCompare(path.basename(b)),
  );
}
