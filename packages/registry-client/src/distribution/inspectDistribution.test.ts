import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildArchives, FixtureSpec } from '@wheelhouse/test-utils/archives';
import { inspectDistribution } from './inspectDistribution';

const METADATA = [
  'Metadata-Version: 2.1',
  'Name: My_Lib',
  'Version: 1.0.0',
  'Summary: A library',
  'Classifier: Programming Language :: Python :: 3',
  'Classifier: License :: OSI Approved :: MIT License',
  'Requires-Dist: requests>=2',
  'Description-Content-Type: text/markdown',
  '',
  '# My lib',
  '',
  'Hello',
  '',
].join('\n');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-client-dist-'));
  const wheel = (
    file: string,
    entries: FixtureSpec['entries'],
  ): FixtureSpec => ({ file, format: 'zip', entries });
  const sdist = (
    file: string,
    entries: FixtureSpec['entries'],
    gnu = false,
  ): FixtureSpec => ({ file, format: 'tar.gz', entries, gnu });
  buildArchives(dir, [
    wheel('my_lib-1.0.0-py3-none-any.whl', [
      { name: 'my_lib/__init__.py', text: 'x = 1\n' },
      { name: 'my_lib-1.0.0.dist-info/METADATA', text: METADATA },
      { name: 'my_lib-1.0.0.dist-info/RECORD', text: '' },
    ]),
    wheel('my_lib-1.0-py3-none-any.whl', [
      { name: 'my_lib-1.0.dist-info/METADATA', text: METADATA, stored: true },
    ]),
    wheel('my_lib-2.0.0-py3-none-any.whl', [
      { name: 'my_lib-2.0.0.dist-info/METADATA', text: METADATA },
    ]),
    wheel('other-1.0.0-py3-none-any.whl', [
      {
        name: 'my_lib-1.0.0.dist-info/METADATA',
        text: METADATA.replace('My_Lib', 'other'),
      },
    ]),
    wheel('two-1.0.0-py3-none-any.whl', [
      {
        name: 'two-1.0.0.dist-info/METADATA',
        text: METADATA.replace('My_Lib', 'two'),
      },
      {
        name: 'extra-1.0.0.dist-info/METADATA',
        text: METADATA.replace('My_Lib', 'extra'),
      },
    ]),
    wheel('nometa-1.0.0-py3-none-any.whl', [
      { name: 'nometa/__init__.py', text: '' },
    ]),
    sdist('my_lib-1.0.0.tar.gz', [
      { name: 'my_lib-1.0.0', type: 'dir' },
      { name: 'my_lib-1.0.0/setup.cfg', random: 300_000 },
      { name: 'my_lib-1.0.0/PKG-INFO', text: METADATA },
    ]),
    sdist(
      'my_lib-1.0.1.tar.gz',
      [
        { name: `my_lib-1.0.1/${'deep/'.repeat(30)}file.py`, text: 'x' },
        {
          name: 'my_lib-1.0.1/PKG-INFO',
          text: METADATA.replace('1.0.0', '1.0.1'),
        },
      ],
      true,
    ),
    sdist('my_lib-1.0.2.tar.gz', [{ name: 'my_lib-1.0.2/setup.py', text: '' }]),
    {
      file: 'my_lib-1.0.3.zip',
      format: 'zip',
      entries: [
        {
          name: 'my_lib-1.0.3/PKG-INFO',
          text: METADATA.replace('1.0.0', '1.0.3'),
        },
      ],
    },
  ]);
  fs.writeFileSync(path.join(dir, 'not-a-wheel.whl'), 'junk');
  fs.writeFileSync(path.join(dir, 'my_lib-1.0.0-py3-none-any.whl.bak'), 'junk');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inspect = (name: string) => inspectDistribution(path.join(dir, name));

describe('inspectDistribution', () => {
  it('reads a wheel: filetype, python tag, name and version from METADATA, every header and the body description', async () => {
    const wheel = await inspect('my_lib-1.0.0-py3-none-any.whl');
    expect(wheel).toMatchObject({
      kind: 'wheel',
      filetype: 'bdist_wheel',
      pyversion: 'py3',
      name: 'My_Lib',
      version: '1.0.0',
      problems: [],
    });
    expect(wheel.metadata!.classifiers).toEqual([
      'Programming Language :: Python :: 3',
      'License :: OSI Approved :: MIT License',
    ]);
    // The body as written, as twine (pkginfo's get_payload()) sends it and the registry reads it.
    expect(wheel.metadata!.description).toBe('# My lib\n\nHello\n');
    expect(wheel.size).toBe(
      fs.statSync(path.join(dir, 'my_lib-1.0.0-py3-none-any.whl')).size,
    );
  });

  it('accepts equal versions spelled differently (1.0 and 1.0.0) and stored (uncompressed) members', async () => {
    expect((await inspect('my_lib-1.0-py3-none-any.whl')).problems).toEqual([]);
  });

  it('finds PKG-INFO in a .tar.gz after other members, in pax and GNU long-name archives, and in a .zip sdist', async () => {
    expect(await inspect('my_lib-1.0.0.tar.gz')).toMatchObject({
      kind: 'sdist',
      filetype: 'sdist',
      pyversion: 'source',
      name: 'My_Lib',
      version: '1.0.0',
      problems: [],
    });
    expect(await inspect('my_lib-1.0.1.tar.gz')).toMatchObject({
      version: '1.0.1',
      problems: [],
    });
    expect(await inspect('my_lib-1.0.3.zip')).toMatchObject({
      version: '1.0.3',
      problems: [],
    });
  });

  it('reports a version mismatch between filename and metadata', async () => {
    expect((await inspect('my_lib-2.0.0-py3-none-any.whl')).problems).toEqual([
      'my_lib-2.0.0-py3-none-any.whl: the metadata has version 1.0.0, but the filename says 2.0.0',
    ]);
  });

  it('reports a .dist-info directory of another project, and more than one', async () => {
    expect((await inspect('other-1.0.0-py3-none-any.whl')).problems).toEqual([
      'other-1.0.0-py3-none-any.whl: cannot read its metadata: Invalid wheel: .dist-info directory "my_lib-1.0.0.dist-info" does not match the filename "other-1.0.0-py3-none-any.whl"',
    ]);
    expect((await inspect('two-1.0.0-py3-none-any.whl')).problems[0]).toMatch(
      /Invalid wheel: more than one \.dist-info directory/,
    );
  });

  it('reports missing metadata files and unreadable archives', async () => {
    expect(
      (await inspect('nometa-1.0.0-py3-none-any.whl')).problems[0],
    ).toMatch(/Invalid wheel: no \.dist-info\/METADATA found/);
    expect((await inspect('my_lib-1.0.2.tar.gz')).problems[0]).toMatch(
      /no PKG-INFO/,
    );
    expect((await inspect('not-a-wheel.whl')).problems[0]).toMatch(
      /not a valid distribution filename/,
    );
  });

  it('reports names that are not distribution filenames', async () => {
    const result = await inspect('my_lib-1.0.0-py3-none-any.whl.bak');
    expect(result.problems[0]).toMatch(/is not a valid distribution filename/);
  });
});
