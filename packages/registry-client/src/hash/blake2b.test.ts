import crypto from 'node:crypto';
import fc from 'fast-check';
import { Blake2b, blake2b256 } from './blake2b';

describe('BLAKE2b', () => {
  it('matches the published BLAKE2b-256 vectors (hashlib.blake2b(digest_size=32))', () => {
    expect(blake2b256(Buffer.from(''))).toBe(
      '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8',
    );
    expect(blake2b256(Buffer.from('abc'))).toBe(
      'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
    );
    expect(
      blake2b256(Buffer.from('The quick brown fox jumps over the lazy dog')),
    ).toBe('01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9');
  });

  it('is not BLAKE2b-512 cut short: the digest length is part of the initial state', () => {
    const truncated = crypto
      .createHash('blake2b512')
      .update('abc')
      .digest('hex')
      .slice(0, 64);
    expect(blake2b256(Buffer.from('abc'))).not.toBe(truncated);
  });

  it('with a 64-byte digest equals node:crypto blake2b512 for any input, around every block boundary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), data => {
        expect(new Blake2b(64).update(data).digest('hex')).toBe(
          crypto.createHash('blake2b512').update(data).digest('hex'),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same digest however the input is split into updates', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 1000 }),
        fc.array(fc.nat(1000), { maxLength: 6 }),
        (data, cuts) => {
          const points = [...new Set(cuts.map(cut => cut % data.length))].sort(
            (a, b) => a - b,
          );
          const hash = new Blake2b(64);
          let from = 0;
          for (const point of [...points, data.length]) {
            hash.update(data.subarray(from, point));
            from = point;
          }
          expect(hash.digest('hex')).toBe(
            crypto.createHash('blake2b512').update(data).digest('hex'),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('hashes multi-megabyte input (tens of thousands of blocks) like node:crypto', () => {
    const data = crypto.randomBytes(3 * 1024 * 1024 + 17);
    expect(new Blake2b(64).update(data).digest('hex')).toBe(
      crypto.createHash('blake2b512').update(data).digest('hex'),
    );
  });

  it('refuses digest lengths outside 1..64 and a second digest', () => {
    expect(() => new Blake2b(0)).toThrow(RangeError);
    expect(() => new Blake2b(65)).toThrow(RangeError);
    const hash = new Blake2b(32);
    hash.digest();
    expect(() => hash.digest()).toThrow(/already computed/);
    expect(() => hash.update(Buffer.from('x'))).toThrow(/already computed/);
  });
});
