import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { computeFileDigests } from './fileDigests';

describe('computeFileDigests', () => {
  it('gives the digests hashlib gives (BLAKE2b with a 32-byte digest, not a truncated BLAKE2b-512)', async () => {
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), 'registry-client-digests-'),
    );
    try {
      const file = path.join(dir, 'abc');
      fs.writeFileSync(file, 'abc');
      // python3 -c "import hashlib; print(hashlib.blake2b(b'abc', digest_size=32).hexdigest())", and sha256, md5
      expect(await computeFileDigests(file)).toEqual({
        size: 3,
        sha256:
          'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        md5: '900150983cd24fb0d6963f7d28e17f72',
        blake2_256:
          'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
