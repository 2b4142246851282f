import { validateServerConfig } from '../config';
import { listedRepository } from './repositoryKinds';

const hosted = { name: 'team', anonymousRead: true };
const proxy = { name: 'pypi', kind: 'proxy' };

describe('repository kinds in the configuration', () => {
  it('fills in a proxy upstream defaulting to PyPI', () => {
    const config = validateServerConfig({
      repositories: [
        hosted,
        proxy,
        {
          name: 'internal',
          kind: 'proxy',
          upstream: { url: 'https://mirror.example/simple', ttlSeconds: 60 },
        },
        {
          name: 'all',
          kind: 'virtual',
          members: ['team', 'pypi'],
          uploadTo: 'team',
        },
      ],
    });
    expect(config.repositories![1].upstream).toEqual({
      url: 'https://pypi.org/simple/',
    });
    expect(config.repositories![2].upstream).toEqual({
      url: 'https://mirror.example/simple/',
      ttlSeconds: 60,
    });
  });

  it.each([
    [
      { name: 'x', kind: 'remote' },
      /kind must be "hosted", "proxy", "virtual"/,
    ],
    [
      { name: 'x', kind: 'proxy', upstream: { url: 'ftp://example/' } },
      /upstream.url must be an http or https URL/,
    ],
    [
      { name: 'x', kind: 'proxy', upstream: { url: 'not a url' } },
      /upstream.url "not a url" is not a URL/,
    ],
    [
      { name: 'x', kind: 'proxy', upstream: { url: 'https://u:p@example/' } },
      /must not carry credentials/,
    ],
    [
      { name: 'x', kind: 'proxy', upstream: { timeoutSeconds: 0 } },
      /upstream.timeoutSeconds must be a number of seconds above 0/,
    ],
    [
      { name: 'x', kind: 'proxy', upstream: { password: 'a', token: 'b' } },
      /a password or a token, not both/,
    ],
    [{ name: 'x', upstream: {} }, /upstream is a setting of kind "proxy" only/],
    [
      { name: 'x', kind: 'virtual', members: [] },
      /members must be a non-empty list/,
    ],
    [
      { name: 'x', kind: 'virtual', members: ['nope'] },
      /member nope is not a configured repository/,
    ],
    [
      { name: 'x', kind: 'virtual', members: ['x'] },
      /cannot be its own member/,
    ],
    [
      { name: 'x', kind: 'virtual', members: ['team'], uploadTo: 'pypi' },
      /uploadTo must name one of its members/,
    ],
    [
      {
        name: 'x',
        kind: 'virtual',
        members: ['team', 'pypi'],
        uploadTo: 'pypi',
      },
      /uploadTo must name a hosted member/,
    ],
  ])('refuses %j', (repository, message) => {
    expect(() =>
      validateServerConfig({ repositories: [hosted, proxy, repository] }),
    ).toThrow(message);
  });

  it('refuses virtual repositories that contain each other', () => {
    expect(() =>
      validateServerConfig({
        repositories: [
          hosted,
          { name: 'a', kind: 'virtual', members: ['team', 'b'] },
          { name: 'b', kind: 'virtual', members: ['a'] },
        ],
      }),
    ).toThrow(/virtual members form a cycle/);
  });

  it('refuses unknown keys of an upstream', () => {
    expect(() =>
      validateServerConfig({
        repositories: [
          { name: 'x', kind: 'proxy', upstream: { urll: 'https://example/' } },
        ],
      }),
    ).toThrow(
      /Unknown setting repositories\[0\]\.upstream\.urll: did you mean repositories\[0\]\.upstream\.url\?/,
    );
  });
});

describe('repositories as the management API lists them', () => {
  it('names the kind and a proxy upstream, without its credentials', () => {
    const config = validateServerConfig({
      repositories: [
        hosted,
        {
          name: 'internal',
          kind: 'proxy',
          description: 'Mirror',
          upstream: {
            url: 'https://mirror.example/simple/',
            username: 'robot',
            password: 'hunter2',
          },
        },
        { name: 'all', kind: 'virtual', members: ['team', 'internal'] },
      ],
    });
    const listed = config.repositories!.map(listedRepository);
    expect(listed).toEqual([
      { name: 'team', anonymousRead: true, kind: 'hosted' },
      {
        name: 'internal',
        description: 'Mirror',
        anonymousRead: false,
        kind: 'proxy',
        upstream: 'https://mirror.example/simple/',
      },
      { name: 'all', anonymousRead: false, kind: 'virtual' },
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/robot|hunter2/);
  });
});
