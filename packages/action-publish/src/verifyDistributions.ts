import { Distribution, inspectDistribution } from '@wheelhouse/registry-client';
import { Toolkit } from './toolkit';

/**
 * Reads every distribution's filename and metadata before anything is sent. With `strict`, any problem fails the
 * step with an annotation per problem, and nothing is uploaded; otherwise problems are warnings and the
 * registry has the last word.
 */
export async function verifyDistributions(
  toolkit: Toolkit,
  files: string[],
  strict: boolean,
): Promise<Distribution[]> {
  const distributions: Distribution[] = [];
  for (const file of files) distributions.push(await inspectDistribution(file));
  const problems = distributions.flatMap(distribution => distribution.problems);
  for (const problem of problems) {
    if (strict) toolkit.error(problem, { title: 'Distribution check failed' });
    else toolkit.warning(problem, { title: 'Distribution check' });
  }
  if (strict && problems.length) {
    throw new Error(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} found in the distributions, nothing was uploaded: ${problems.join('; ')}`,
    );
  }
  for (const distribution of distributions) {
    toolkit.info(
      `${distribution.filename}: ${distribution.name} ${distribution.version} (${distribution.filetype})`,
    );
  }
  return distributions;
}
