import { RepositoryRecord } from '../store/types';

/** The proxy tests' repositories: hosted `team`, `pypi` proxying the upstream, `all` over both; all anonymous. */
export function proxyRepositories(upstream: {
  url: string;
  timeoutSeconds: number;
}): RepositoryRecord[] {
  return [
    { name: 'team', anonymousRead: true },
    { name: 'pypi', kind: 'proxy', anonymousRead: true, upstream },
    {
      name: 'all',
      kind: 'virtual',
      anonymousRead: true,
      members: ['team', 'pypi'],
    },
  ];
}
