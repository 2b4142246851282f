import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../errors';
import { extractCoreMetadata, parseCoreMetadata } from '.';

describe('the registry speaks of broken distributions as InputErrors (400)', () => {
  it('maps a broken archive and broken metadata to InputError, with the inspection module’s message', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wheelhouse-metadata-'));
    try {
      const file = path.join(dir, 'demo-1.0-py3-none-any.whl');
      fs.writeFileSync(file, 'not a zip');
      const err = await extractCoreMetadata({
        path: file,
        kind: 'wheel',
        filename: path.basename(file),
      }).catch(e => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(/^Invalid wheel: /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(() => parseCoreMetadata(Buffer.from('Name: x\n'))).toThrow(
      new InputError('METADATA is missing the required Version field'),
    );
  });

  it('lets errors of our own disk through unchanged (they stay 500s)', async () => {
    const err = await extractCoreMetadata({
      path: '/nonexistent/demo-1.0-py3-none-any.whl',
      kind: 'wheel',
      filename: 'demo-1.0-py3-none-any.whl',
    }).catch(e => e);
    expect(err).not.toBeInstanceOf(InputError);
    expect(err.code).toBe('ENOENT');
  });
});
