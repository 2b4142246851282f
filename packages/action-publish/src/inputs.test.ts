import { fakeToolkit } from '@wheelhouse/test-utils/fakeToolkit';
import { readPublishInputs, splitArguments } from './inputs';

const required = {
  'repository-url': 'https://pypi.example.com/default/',
  password: 'whl_secret',
};

describe('readPublishInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = readPublishInputs(
      fakeToolkit(required, { workspace: '/ws' }),
    );
    expect(inputs).toMatchObject({
      username: '__token__',
      password: 'whl_secret',
      workingDirectory: '/ws',
      packagesDir: '/ws/dist',
      files: [],
      skipExisting: false,
      verifyMetadata: true,
      attachBuildMetadata: true,
      metadata: {},
      tags: [],
      retries: 3,
      build: false,
      python: 'python',
      buildArgs: [],
    });
    expect(inputs.endpoints.uploadUrl).toBe(
      'https://pypi.example.com/default/',
    );
  });

  it('masks the password and the Basic credentials built from it, before validating anything else', () => {
    const toolkit = fakeToolkit({ password: 'whl_secret', username: 'ci' });
    expect(() => readPublishInputs(toolkit)).toThrow(
      /repository-url is required/,
    );
    expect(toolkit.secrets).toEqual([
      'whl_secret',
      Buffer.from('ci:whl_secret').toString('base64'),
    ]);
  });

  it('reads every option', () => {
    const inputs = readPublishInputs(
      fakeToolkit(
        {
          ...required,
          'working-directory': 'python/lib',
          'packages-dir': 'out',
          files: 'out/*.whl\n!out/*dev*\n',
          'skip-existing': 'true',
          'verify-metadata': 'False',
          'attach-build-metadata': 'FALSE',
          metadata: 'team=ml\nticket=ML-1',
          tags: 'nightly, latest-build',
          retries: '0',
          build: 'true',
          python: '/usr/bin/python3',
          'build-args': '--no-isolation --config-setting "a=b c"',
        },
        { workspace: '/ws' },
      ),
    );
    expect(inputs).toMatchObject({
      workingDirectory: '/ws/python/lib',
      packagesDir: '/ws/python/lib/out',
      files: ['out/*.whl', '!out/*dev*'],
      skipExisting: true,
      verifyMetadata: false,
      attachBuildMetadata: false,
      metadata: { team: 'ml', ticket: 'ML-1' },
      tags: ['nightly', 'latest-build'],
      retries: 0,
      build: true,
      python: '/usr/bin/python3',
      buildArgs: ['--no-isolation', '--config-setting', 'a=b c'],
    });
  });

  it.each([
    [
      { 'skip-existing': 'yes' },
      /skip-existing must be true or false, got "yes"/,
    ],
    [{ retries: '-1' }, /retries must be a whole number from 0 to 10/],
    [{ retries: '11' }, /retries must be a whole number/],
    [{ tags: 'ok, not ok' }, /Invalid tag "not ok"/],
    [{ metadata: 'just text' }, /not key=value/],
    [
      { 'repository-url': 'https://pypi.example.com/' },
      /does not name a repository/,
    ],
  ])('refuses %j', (override, message) => {
    expect(() =>
      readPublishInputs(fakeToolkit({ ...required, ...override })),
    ).toThrow(message);
  });
});

describe('splitArguments', () => {
  it('splits on whitespace and keeps quoted words together', () => {
    expect(splitArguments(` --wheel  'x y' "z" `)).toEqual([
      '--wheel',
      'x y',
      'z',
    ]);
    expect(splitArguments('')).toEqual([]);
  });
});
