import { InputError } from '../errors';
import { isValidProjectName, normalizeProjectName } from '../pep';
import { hasControlCharacters } from '../service/validation';
import { NewTrustedPublisher } from './types';

/** GitHub's rules for owner names (39 characters), repository names and workflow file names. */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const OWNER_ID = /^[1-9][0-9]{0,19}$/;
const WORKFLOW = /^[^/\\@\s]{1,250}\.ya?ml$/;

/**
 * Reads a publisher from an API body or a configuration entry, with errors that say which field is wrong. The
 * workflow may be given as its path (`.github/workflows/release.yml`); it is kept as the file name.
 */
export function parsePublisherInput(
  value: unknown,
  defaults: { repository: string; project?: string; createdBy?: string },
): NewTrustedPublisher {
  const body = (value ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new InputError('A trusted publisher must be a JSON object');
  const project = body.project ?? defaults.project;
  if (typeof project !== 'string' || !isValidProjectName(project))
    throw new InputError(
      `project must be a valid project name, got ${JSON.stringify(project)}`,
    );
  const owner = body.repositoryOwner;
  if (typeof owner !== 'string' || !OWNER.test(owner))
    throw new InputError(
      'repositoryOwner must be a GitHub user or organisation name (letters, digits, "-")',
    );
  const ownerId =
    typeof body.repositoryOwnerId === 'number'
      ? String(body.repositoryOwnerId)
      : body.repositoryOwnerId;
  if (typeof ownerId !== 'string' || !OWNER_ID.test(ownerId))
    throw new InputError(
      `repositoryOwnerId must be the numeric id of ${typeof owner === 'string' ? owner : 'the owner'} (https://api.github.com/users/${typeof owner === 'string' ? owner : 'OWNER'} answers it as "id"): it tells a re-created owner of the same name apart`,
    );
  const name = body.repositoryName;
  if (typeof name !== 'string' || !REPOSITORY.test(name) || /^\.+$/.test(name))
    throw new InputError(
      'repositoryName must be a GitHub repository name without the owner (letters, digits, ".", "_", "-")',
    );
  const workflow =
    typeof body.workflow === 'string'
      ? body.workflow.replace(/^\.github\/workflows\//, '')
      : body.workflow;
  if (typeof workflow !== 'string' || !WORKFLOW.test(workflow))
    throw new InputError(
      'workflow must be the file name of a workflow in .github/workflows, e.g. release.yml',
    );
  return {
    repository: defaults.repository,
    project: normalizeProjectName(project),
    repositoryOwner: owner,
    repositoryOwnerId: ownerId,
    repositoryName: name,
    workflow,
    environment: optionalText(body.environment, 'environment'),
    refPattern: optionalText(body.refPattern, 'refPattern'),
    createdBy: defaults.createdBy,
  };
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (
    typeof value !== 'string' ||
    value.length > 255 ||
    hasControlCharacters(value) ||
    !value.trim()
  )
    throw new InputError(
      `${field} must be text of up to 255 characters, or left out`,
    );
  return value.trim();
}
