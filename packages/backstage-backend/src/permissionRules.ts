import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_PYPI_REPOSITORY,
  Repository,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { z } from 'zod';

/** A predicate over repositories: what a conditional decision turns into when the registry checks one. */
export type RepositoryFilter = (repository: Repository) => boolean;

/** The `pypi-repository` resource: repositories, looked up by name. */
export const pypiRepositoryResourceRef = createPermissionResourceRef<
  Repository,
  RepositoryFilter
>().with({ pluginId: 'pypi', resourceType: RESOURCE_TYPE_PYPI_REPOSITORY });

/** Allow the repositories with one of these names. */
export const isRepository = createPermissionRule({
  name: 'IS_REPOSITORY',
  description: 'Allow repositories with one of these names',
  resourceRef: pypiRepositoryResourceRef,
  paramsSchema: z.object({
    names: z.array(z.string()).describe('Repository names'),
  }),
  apply: (repository, { names }) => names.includes(repository.name),
  toQuery:
    ({ names }) =>
    repository =>
      names.includes(repository.name),
});

/** Allow the repositories pip may read without credentials. */
export const isAnonymouslyReadable = createPermissionRule({
  name: 'IS_ANONYMOUSLY_READABLE',
  description: 'Allow repositories that anyone may read',
  resourceRef: pypiRepositoryResourceRef,
  apply: repository => repository.anonymousRead,
  toQuery: () => repository => repository.anonymousRead,
});

export const pypiRepositoryRules = { isRepository, isAnonymouslyReadable };

/**
 * Conditions for permission policies, e.g. `createPypiRepositoryConditionalDecision(permission,
 * pypiRepositoryConditions.isRepository({ names: ['ml-models'] }))`.
 */
export const {
  conditions: pypiRepositoryConditions,
  createConditionalDecision: createPypiRepositoryConditionalDecision,
} = createConditionExports({
  resourceRef: pypiRepositoryResourceRef,
  rules: pypiRepositoryRules,
});
