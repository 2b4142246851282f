import { parseCoreMetadata } from '@wheelhouse/registry-client';
import { sdistHasStaticDependencies } from './staticDependencies';

const pkgInfo = (...lines: string[]) =>
  parseCoreMetadata(
    Buffer.from(`${['Name: a', 'Version: 1', ...lines].join('\n')}\n`),
  );

describe('sdistHasStaticDependencies (PEP 643)', () => {
  it.each([
    [['Metadata-Version: 1.2'], false],
    [['Metadata-Version: 2.1', 'Requires-Dist: b'], false],
    [['Metadata-Version: 2.2'], true],
    [['Metadata-Version: 2.4', 'Requires-Dist: b'], true],
    [['Metadata-Version: 2.2', 'Dynamic: Requires-Dist'], false],
    [['Metadata-Version: 2.3', 'Dynamic: requires-dist'], false],
    [['Metadata-Version: 2.2', 'Dynamic: Summary'], true],
    [[], false],
  ])('%j -> %s', (lines, expected) => {
    expect(sdistHasStaticDependencies(pkgInfo(...lines))).toBe(expected);
  });
});
