import { minimatch } from 'minimatch';
import { GitHubClaims, TrustedPublisher } from './types';

/** The workflow file of a `job_workflow_ref`: `owner/repo/.github/workflows/<file>@<ref>`. */
export function workflowOf(jobWorkflowRef: string): string | undefined {
  return /^[^/]+\/[^/]+\/\.github\/workflows\/([^/@]+\.ya?ml)@/.exec(
    jobWorkflowRef,
  )?.[1];
}

/**
 * Whether a verified token's claims satisfy a publisher: undefined when they do, else why not (for the error the
 * workflow's author sees). GitHub compares owner and repository names without case; the owner's numeric id is
 * compared exactly, so an owner name that was given up and taken by someone else does not match.
 */
export function mismatch(
  publisher: TrustedPublisher,
  claims: GitHubClaims,
): string | undefined {
  const repository = `${publisher.repositoryOwner}/${publisher.repositoryName}`;
  if (claims.repository.toLowerCase() !== repository)
    return `the token is for repository ${claims.repository}, the publisher names ${repository}`;
  if (!claims.sub.toLowerCase().startsWith(`repo:${repository}:`))
    return `the token's subject ${claims.sub} is not of repository ${repository}`;
  if (claims.repository_owner.toLowerCase() !== publisher.repositoryOwner)
    return `the token's owner is ${claims.repository_owner}, the publisher names ${publisher.repositoryOwner}`;
  if (claims.repository_owner_id !== publisher.repositoryOwnerId)
    return `the owner ${claims.repository_owner} has id ${claims.repository_owner_id}, the publisher was set up for id ${publisher.repositoryOwnerId} (an account or organisation of that name was deleted and re-created, or the publisher's owner id is wrong)`;

  // The job must run the publisher's workflow of this very repository, at the ref (or commit) the run is for.
  const expected = `${repository}/.github/workflows/${publisher.workflow}@`;
  const jobWorkflowRef = claims.job_workflow_ref;
  const at = jobWorkflowRef.slice(expected.length);
  if (!jobWorkflowRef.toLowerCase().startsWith(expected.toLowerCase()))
    return `the job runs workflow ${jobWorkflowRef.split('@')[0]}, the publisher names ${expected.slice(0, -1)}`;
  if (workflowOf(jobWorkflowRef) !== publisher.workflow)
    return `the job runs workflow ${workflowOf(jobWorkflowRef) ?? jobWorkflowRef}, the publisher names ${publisher.workflow} (file names are compared with case)`;
  if (at !== claims.ref && at !== claims.sha)
    return `the workflow ran at ${at}, which is neither the ref ${claims.ref ?? '(none)'} nor the commit ${claims.sha} of the run`;

  if (publisher.environment !== undefined) {
    if (!claims.environment)
      return `the publisher requires environment ${publisher.environment}, the job runs in none (set environment: ${publisher.environment} on the job)`;
    if (claims.environment.toLowerCase() !== publisher.environment)
      return `the job runs in environment ${claims.environment}, the publisher requires ${publisher.environment}`;
  }
  if (
    publisher.refPattern !== undefined &&
    !minimatch(claims.ref ?? '', publisher.refPattern, {
      dot: true,
      nocomment: true,
      nonegate: true,
    })
  )
    return `the ref ${claims.ref ?? '(none)'} does not match the publisher's ref pattern ${publisher.refPattern}`;
  return undefined;
}
