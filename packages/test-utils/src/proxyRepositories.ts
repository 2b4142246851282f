/**
 * The proxy tests' repositories, in the shape both the registry's options and the standalone config take: hosted
 * `team`, `pypi` proxying the upstream, `all` over both; all anonymous.
 */
export function proxyRepositories(upstream: {
  url: string;
  timeoutSeconds: number;
}) {
  return [
    { name: 'team', anonymousRead: true },
    { name: 'pypi', kind: 'proxy' as const, anonymousRead: true, upstream },
    {
      name: 'all',
      kind: 'virtual' as const,
      anonymousRead: true,
      members: ['team', 'pypi'],
    },
  ];
}
