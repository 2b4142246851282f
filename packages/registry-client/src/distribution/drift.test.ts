import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildArchives } from '@wheelhouse/test-utils/archives';
import { inspectDistribution } from './inspectDistribution';

/**
 * What the registry refuses the client must refuse too, and what it accepts the client must accept: the findings
 * from when the client carried its own copies of the archive readers and the METADATA parser.
 */
const metadata = (version: string, extra = '') =>
  `Metadata-Version: 2.1\nName: drift\n${extra}Version: ${version}\n`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-client-drift-'));
  buildArchives(dir, [
    {
      file: 'drift-1.0.0-py3-none-any.whl',
      format: 'zip',
      entries: [
        {
          name: 'drift-1.0.0.dist-info/METADATA',
          text: metadata('1.0.0', 'Summary: a\u2028b\n'),
        },
      ],
    },
    {
      file: 'drift-2.0.0.tar.gz',
      format: 'tar.gz',
      entries: [
        { name: 'drift-2.0.0/PKG-INFO', text: metadata('2.0.0') },
        { name: 'drift-2.0.0/data.bin', random: 200_000 },
      ],
    },
    {
      file: 'drift-3.0.0-py3-none-any.whl',
      format: 'zip',
      entries: [
        {
          name: 'drift-3.0.0.dist-info/METADATA',
          text: metadata('3.0.0'),
          stored: true,
        },
      ],
    },
  ]);
  // A download cut short after PKG-INFO: the rest of the gzip stream is missing.
  const sdist = path.join(dir, 'drift-2.0.0.tar.gz');
  const bytes = fs.readFileSync(sdist);
  fs.writeFileSync(sdist, bytes.subarray(0, Math.floor(bytes.length / 2)));
  // One flipped byte inside a stored METADATA: only its CRC-32 tells.
  const wheel = path.join(dir, 'drift-3.0.0-py3-none-any.whl');
  const zip = fs.readFileSync(wheel);
  const at = zip.indexOf('Version: 3.0.0');
  zip[at + 'Version: '.length] = '4'.charCodeAt(0);
  fs.writeFileSync(wheel, zip);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const inspect = (name: string) => inspectDistribution(path.join(dir, name));

describe('the client judges distributions as the registry does', () => {
  it('accepts a Summary containing U+2028 (a line separator only for JavaScript, not for the email parser)', async () => {
    const wheel = await inspect('drift-1.0.0-py3-none-any.whl');
    expect(wheel.problems).toEqual([]);
    expect(wheel.metadata?.summary).toBe('a\u2028b');
  });

  it('reads a .tar.gz to its end, so a truncated sdist is refused even though PKG-INFO comes first', async () => {
    const sdist = await inspect('drift-2.0.0.tar.gz');
    expect(sdist.problems).toEqual([
      expect.stringMatching(
        /^drift-2\.0\.0\.tar\.gz: cannot read its metadata: Invalid sdist: the archive is corrupt or truncated/,
      ),
    ]);
  });

  it('checks the CRC-32 of METADATA, so a corrupt wheel is refused', async () => {
    const wheel = await inspect('drift-3.0.0-py3-none-any.whl');
    expect(wheel.problems).toEqual([
      'drift-3.0.0-py3-none-any.whl: cannot read its metadata: Invalid wheel: METADATA fails its CRC-32 check (corrupt archive)',
    ]);
  });
});
