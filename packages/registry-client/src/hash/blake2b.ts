/**
 * BLAKE2b (RFC 7693) with a configurable digest length, for the upload API's `blake2_256_digest`.
 *
 * Node's crypto only offers BLAKE2b-512, and BLAKE2b-256 is not a truncation of it: the digest length is mixed
 * into the initial state. 64-bit words are kept as pairs of 32-bit halves (low, high), which is far faster in V8
 * than BigInt arithmetic.
 */

const BLOCK_BYTES = 128;

// The SHA-512 initial values, as [low, high] 32-bit halves.
const IV = new Int32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372,
  0x5f1d36f1, 0xa54ff53a, 0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c,
  0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
// Twelve rounds; rounds 10 and 11 reuse the first two permutations. Doubled: they index 32-bit half pairs.
const SIGMA2 = Uint8Array.from(
  [...SIGMA, SIGMA[0], SIGMA[1]].flat().map(i => i * 2),
);

export class Blake2b {
  private readonly h = new Int32Array(16);
  private readonly v = new Int32Array(32);
  private readonly m = new Int32Array(32);
  private readonly buffer = new Uint8Array(BLOCK_BYTES);
  private buffered = 0;
  /** Bytes compressed so far (the spec's 128-bit counter; 2^53 bytes is plenty). */
  private counter = 0;
  private finished = false;

  constructor(private readonly outputBytes = 32) {
    if (!Number.isInteger(outputBytes) || outputBytes < 1 || outputBytes > 64) {
      throw new RangeError('BLAKE2b digest length must be 1 to 64 bytes');
    }
    this.h.set(IV);
    // Parameter block word 0: digest length, key length 0, fanout 1, depth 1.
    this.h[0] ^= 0x01010000 ^ outputBytes;
  }

  update(data: Uint8Array): this {
    if (this.finished) throw new Error('BLAKE2b digest already computed');
    let offset = 0;
    while (offset < data.length) {
      // The final block is compressed with a flag set, so a full buffer waits until more data proves it is not last.
      if (this.buffered === BLOCK_BYTES) {
        this.counter += BLOCK_BYTES;
        this.compress(this.buffer, 0, false);
        this.buffered = 0;
      }
      if (this.buffered === 0) {
        while (data.length - offset > BLOCK_BYTES) {
          this.counter += BLOCK_BYTES;
          this.compress(data, offset, false);
          offset += BLOCK_BYTES;
        }
      }
      const take = Math.min(BLOCK_BYTES - this.buffered, data.length - offset);
      this.buffer.set(data.subarray(offset, offset + take), this.buffered);
      this.buffered += take;
      offset += take;
    }
    return this;
  }

  digest(): Buffer;
  digest(encoding: 'hex'): string;
  digest(encoding?: 'hex'): Buffer | string {
    if (this.finished) throw new Error('BLAKE2b digest already computed');
    this.finished = true;
    this.counter += this.buffered;
    this.buffer.fill(0, this.buffered);
    this.compress(this.buffer, 0, true);
    const out = Buffer.alloc(64);
    for (let i = 0; i < 16; i++) out.writeInt32LE(this.h[i], i * 4);
    const result = out.subarray(0, this.outputBytes);
    return encoding === 'hex' ? result.toString('hex') : Buffer.from(result);
  }

  private compress(block: Uint8Array, offset: number, last: boolean): void {
    const { v, m, h } = this;
    for (let i = 0; i < 16; i++) {
      v[i] = h[i];
      v[i + 16] = IV[i];
    }
    v[24] ^= this.counter | 0;
    v[25] ^= Math.floor(this.counter / 0x100000000) | 0;
    if (last) {
      v[28] = ~v[28];
      v[29] = ~v[29];
    }
    for (let i = 0; i < 32; i++) {
      const at = offset + i * 4;
      m[i] =
        block[at] |
        (block[at + 1] << 8) |
        (block[at + 2] << 16) |
        (block[at + 3] << 24);
    }
    rounds(v, m);
    for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
  }
}

/**
 * The twelve rounds over the work vector `v` (16 words as 32 int32 halves: v0 is word 0's low half, v1 its high
 * half). The G function is written out eight times rather than called: V8 does not inline a function that
 * updates eight halves, and keeping every half in a local is what makes this run at tens of MB/s. Additions
 * carry out of the low half without a branch: the carry is the top bit of (x & y) | ((x | y) & ~sum).
 * Rotations by 32, 24, 16 and 63 bits swap or shift the halves.
 */
function rounds(v: Int32Array, m: Int32Array): void {
  let v0 = v[0],
    v1 = v[1],
    v2 = v[2],
    v3 = v[3],
    v4 = v[4],
    v5 = v[5],
    v6 = v[6],
    v7 = v[7];
  let v8 = v[8],
    v9 = v[9],
    v10 = v[10],
    v11 = v[11],
    v12 = v[12],
    v13 = v[13],
    v14 = v[14],
    v15 = v[15];
  let v16 = v[16],
    v17 = v[17],
    v18 = v[18],
    v19 = v[19],
    v20 = v[20],
    v21 = v[21],
    v22 = v[22],
    v23 = v[23];
  let v24 = v[24],
    v25 = v[25],
    v26 = v[26],
    v27 = v[27],
    v28 = v[28],
    v29 = v[29],
    v30 = v[30],
    v31 = v[31];
  let lo = 0;
  let t = 0;
  let x = 0;
  for (let s = 0; s < 12 * 16; s += 16) {
    // G(v0, v4, v8, v12) with message words 0 and 1 of this round's permutation
    lo = (v0 + v8) | 0;
    v1 = (v1 + v9 + (((v0 & v8) | ((v0 | v8) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    x = SIGMA2[s + 0];
    lo = (v0 + m[x]) | 0;
    v1 = (v1 + m[x + 1] + (((v0 & m[x]) | ((v0 | m[x]) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    t = v24 ^ v0;
    v24 = v25 ^ v1;
    v25 = t;
    lo = (v16 + v24) | 0;
    v17 = (v17 + v25 + (((v16 & v24) | ((v16 | v24) & ~lo)) >>> 31)) | 0;
    v16 = lo;
    v8 ^= v16;
    v9 ^= v17;
    t = (v8 >>> 24) | (v9 << 8);
    v9 = (v9 >>> 24) | (v8 << 8);
    v8 = t;
    lo = (v0 + v8) | 0;
    v1 = (v1 + v9 + (((v0 & v8) | ((v0 | v8) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    x = SIGMA2[s + 1];
    lo = (v0 + m[x]) | 0;
    v1 = (v1 + m[x + 1] + (((v0 & m[x]) | ((v0 | m[x]) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    v24 ^= v0;
    v25 ^= v1;
    t = (v24 >>> 16) | (v25 << 16);
    v25 = (v25 >>> 16) | (v24 << 16);
    v24 = t;
    lo = (v16 + v24) | 0;
    v17 = (v17 + v25 + (((v16 & v24) | ((v16 | v24) & ~lo)) >>> 31)) | 0;
    v16 = lo;
    v8 ^= v16;
    v9 ^= v17;
    t = (v9 >>> 31) | (v8 << 1);
    v9 = (v8 >>> 31) | (v9 << 1);
    v8 = t;
    // G(v1, v5, v9, v13) with message words 2 and 3 of this round's permutation
    lo = (v2 + v10) | 0;
    v3 = (v3 + v11 + (((v2 & v10) | ((v2 | v10) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    x = SIGMA2[s + 2];
    lo = (v2 + m[x]) | 0;
    v3 = (v3 + m[x + 1] + (((v2 & m[x]) | ((v2 | m[x]) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    t = v26 ^ v2;
    v26 = v27 ^ v3;
    v27 = t;
    lo = (v18 + v26) | 0;
    v19 = (v19 + v27 + (((v18 & v26) | ((v18 | v26) & ~lo)) >>> 31)) | 0;
    v18 = lo;
    v10 ^= v18;
    v11 ^= v19;
    t = (v10 >>> 24) | (v11 << 8);
    v11 = (v11 >>> 24) | (v10 << 8);
    v10 = t;
    lo = (v2 + v10) | 0;
    v3 = (v3 + v11 + (((v2 & v10) | ((v2 | v10) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    x = SIGMA2[s + 3];
    lo = (v2 + m[x]) | 0;
    v3 = (v3 + m[x + 1] + (((v2 & m[x]) | ((v2 | m[x]) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    v26 ^= v2;
    v27 ^= v3;
    t = (v26 >>> 16) | (v27 << 16);
    v27 = (v27 >>> 16) | (v26 << 16);
    v26 = t;
    lo = (v18 + v26) | 0;
    v19 = (v19 + v27 + (((v18 & v26) | ((v18 | v26) & ~lo)) >>> 31)) | 0;
    v18 = lo;
    v10 ^= v18;
    v11 ^= v19;
    t = (v11 >>> 31) | (v10 << 1);
    v11 = (v10 >>> 31) | (v11 << 1);
    v10 = t;
    // G(v2, v6, v10, v14) with message words 4 and 5 of this round's permutation
    lo = (v4 + v12) | 0;
    v5 = (v5 + v13 + (((v4 & v12) | ((v4 | v12) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    x = SIGMA2[s + 4];
    lo = (v4 + m[x]) | 0;
    v5 = (v5 + m[x + 1] + (((v4 & m[x]) | ((v4 | m[x]) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    t = v28 ^ v4;
    v28 = v29 ^ v5;
    v29 = t;
    lo = (v20 + v28) | 0;
    v21 = (v21 + v29 + (((v20 & v28) | ((v20 | v28) & ~lo)) >>> 31)) | 0;
    v20 = lo;
    v12 ^= v20;
    v13 ^= v21;
    t = (v12 >>> 24) | (v13 << 8);
    v13 = (v13 >>> 24) | (v12 << 8);
    v12 = t;
    lo = (v4 + v12) | 0;
    v5 = (v5 + v13 + (((v4 & v12) | ((v4 | v12) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    x = SIGMA2[s + 5];
    lo = (v4 + m[x]) | 0;
    v5 = (v5 + m[x + 1] + (((v4 & m[x]) | ((v4 | m[x]) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    v28 ^= v4;
    v29 ^= v5;
    t = (v28 >>> 16) | (v29 << 16);
    v29 = (v29 >>> 16) | (v28 << 16);
    v28 = t;
    lo = (v20 + v28) | 0;
    v21 = (v21 + v29 + (((v20 & v28) | ((v20 | v28) & ~lo)) >>> 31)) | 0;
    v20 = lo;
    v12 ^= v20;
    v13 ^= v21;
    t = (v13 >>> 31) | (v12 << 1);
    v13 = (v12 >>> 31) | (v13 << 1);
    v12 = t;
    // G(v3, v7, v11, v15) with message words 6 and 7 of this round's permutation
    lo = (v6 + v14) | 0;
    v7 = (v7 + v15 + (((v6 & v14) | ((v6 | v14) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    x = SIGMA2[s + 6];
    lo = (v6 + m[x]) | 0;
    v7 = (v7 + m[x + 1] + (((v6 & m[x]) | ((v6 | m[x]) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    t = v30 ^ v6;
    v30 = v31 ^ v7;
    v31 = t;
    lo = (v22 + v30) | 0;
    v23 = (v23 + v31 + (((v22 & v30) | ((v22 | v30) & ~lo)) >>> 31)) | 0;
    v22 = lo;
    v14 ^= v22;
    v15 ^= v23;
    t = (v14 >>> 24) | (v15 << 8);
    v15 = (v15 >>> 24) | (v14 << 8);
    v14 = t;
    lo = (v6 + v14) | 0;
    v7 = (v7 + v15 + (((v6 & v14) | ((v6 | v14) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    x = SIGMA2[s + 7];
    lo = (v6 + m[x]) | 0;
    v7 = (v7 + m[x + 1] + (((v6 & m[x]) | ((v6 | m[x]) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    v30 ^= v6;
    v31 ^= v7;
    t = (v30 >>> 16) | (v31 << 16);
    v31 = (v31 >>> 16) | (v30 << 16);
    v30 = t;
    lo = (v22 + v30) | 0;
    v23 = (v23 + v31 + (((v22 & v30) | ((v22 | v30) & ~lo)) >>> 31)) | 0;
    v22 = lo;
    v14 ^= v22;
    v15 ^= v23;
    t = (v15 >>> 31) | (v14 << 1);
    v15 = (v14 >>> 31) | (v15 << 1);
    v14 = t;
    // G(v0, v5, v10, v15) with message words 8 and 9 of this round's permutation
    lo = (v0 + v10) | 0;
    v1 = (v1 + v11 + (((v0 & v10) | ((v0 | v10) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    x = SIGMA2[s + 8];
    lo = (v0 + m[x]) | 0;
    v1 = (v1 + m[x + 1] + (((v0 & m[x]) | ((v0 | m[x]) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    t = v30 ^ v0;
    v30 = v31 ^ v1;
    v31 = t;
    lo = (v20 + v30) | 0;
    v21 = (v21 + v31 + (((v20 & v30) | ((v20 | v30) & ~lo)) >>> 31)) | 0;
    v20 = lo;
    v10 ^= v20;
    v11 ^= v21;
    t = (v10 >>> 24) | (v11 << 8);
    v11 = (v11 >>> 24) | (v10 << 8);
    v10 = t;
    lo = (v0 + v10) | 0;
    v1 = (v1 + v11 + (((v0 & v10) | ((v0 | v10) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    x = SIGMA2[s + 9];
    lo = (v0 + m[x]) | 0;
    v1 = (v1 + m[x + 1] + (((v0 & m[x]) | ((v0 | m[x]) & ~lo)) >>> 31)) | 0;
    v0 = lo;
    v30 ^= v0;
    v31 ^= v1;
    t = (v30 >>> 16) | (v31 << 16);
    v31 = (v31 >>> 16) | (v30 << 16);
    v30 = t;
    lo = (v20 + v30) | 0;
    v21 = (v21 + v31 + (((v20 & v30) | ((v20 | v30) & ~lo)) >>> 31)) | 0;
    v20 = lo;
    v10 ^= v20;
    v11 ^= v21;
    t = (v11 >>> 31) | (v10 << 1);
    v11 = (v10 >>> 31) | (v11 << 1);
    v10 = t;
    // G(v1, v6, v11, v12) with message words 10 and 11 of this round's permutation
    lo = (v2 + v12) | 0;
    v3 = (v3 + v13 + (((v2 & v12) | ((v2 | v12) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    x = SIGMA2[s + 10];
    lo = (v2 + m[x]) | 0;
    v3 = (v3 + m[x + 1] + (((v2 & m[x]) | ((v2 | m[x]) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    t = v24 ^ v2;
    v24 = v25 ^ v3;
    v25 = t;
    lo = (v22 + v24) | 0;
    v23 = (v23 + v25 + (((v22 & v24) | ((v22 | v24) & ~lo)) >>> 31)) | 0;
    v22 = lo;
    v12 ^= v22;
    v13 ^= v23;
    t = (v12 >>> 24) | (v13 << 8);
    v13 = (v13 >>> 24) | (v12 << 8);
    v12 = t;
    lo = (v2 + v12) | 0;
    v3 = (v3 + v13 + (((v2 & v12) | ((v2 | v12) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    x = SIGMA2[s + 11];
    lo = (v2 + m[x]) | 0;
    v3 = (v3 + m[x + 1] + (((v2 & m[x]) | ((v2 | m[x]) & ~lo)) >>> 31)) | 0;
    v2 = lo;
    v24 ^= v2;
    v25 ^= v3;
    t = (v24 >>> 16) | (v25 << 16);
    v25 = (v25 >>> 16) | (v24 << 16);
    v24 = t;
    lo = (v22 + v24) | 0;
    v23 = (v23 + v25 + (((v22 & v24) | ((v22 | v24) & ~lo)) >>> 31)) | 0;
    v22 = lo;
    v12 ^= v22;
    v13 ^= v23;
    t = (v13 >>> 31) | (v12 << 1);
    v13 = (v12 >>> 31) | (v13 << 1);
    v12 = t;
    // G(v2, v7, v8, v13) with message words 12 and 13 of this round's permutation
    lo = (v4 + v14) | 0;
    v5 = (v5 + v15 + (((v4 & v14) | ((v4 | v14) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    x = SIGMA2[s + 12];
    lo = (v4 + m[x]) | 0;
    v5 = (v5 + m[x + 1] + (((v4 & m[x]) | ((v4 | m[x]) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    t = v26 ^ v4;
    v26 = v27 ^ v5;
    v27 = t;
    lo = (v16 + v26) | 0;
    v17 = (v17 + v27 + (((v16 & v26) | ((v16 | v26) & ~lo)) >>> 31)) | 0;
    v16 = lo;
    v14 ^= v16;
    v15 ^= v17;
    t = (v14 >>> 24) | (v15 << 8);
    v15 = (v15 >>> 24) | (v14 << 8);
    v14 = t;
    lo = (v4 + v14) | 0;
    v5 = (v5 + v15 + (((v4 & v14) | ((v4 | v14) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    x = SIGMA2[s + 13];
    lo = (v4 + m[x]) | 0;
    v5 = (v5 + m[x + 1] + (((v4 & m[x]) | ((v4 | m[x]) & ~lo)) >>> 31)) | 0;
    v4 = lo;
    v26 ^= v4;
    v27 ^= v5;
    t = (v26 >>> 16) | (v27 << 16);
    v27 = (v27 >>> 16) | (v26 << 16);
    v26 = t;
    lo = (v16 + v26) | 0;
    v17 = (v17 + v27 + (((v16 & v26) | ((v16 | v26) & ~lo)) >>> 31)) | 0;
    v16 = lo;
    v14 ^= v16;
    v15 ^= v17;
    t = (v15 >>> 31) | (v14 << 1);
    v15 = (v14 >>> 31) | (v15 << 1);
    v14 = t;
    // G(v3, v4, v9, v14) with message words 14 and 15 of this round's permutation
    lo = (v6 + v8) | 0;
    v7 = (v7 + v9 + (((v6 & v8) | ((v6 | v8) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    x = SIGMA2[s + 14];
    lo = (v6 + m[x]) | 0;
    v7 = (v7 + m[x + 1] + (((v6 & m[x]) | ((v6 | m[x]) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    t = v28 ^ v6;
    v28 = v29 ^ v7;
    v29 = t;
    lo = (v18 + v28) | 0;
    v19 = (v19 + v29 + (((v18 & v28) | ((v18 | v28) & ~lo)) >>> 31)) | 0;
    v18 = lo;
    v8 ^= v18;
    v9 ^= v19;
    t = (v8 >>> 24) | (v9 << 8);
    v9 = (v9 >>> 24) | (v8 << 8);
    v8 = t;
    lo = (v6 + v8) | 0;
    v7 = (v7 + v9 + (((v6 & v8) | ((v6 | v8) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    x = SIGMA2[s + 15];
    lo = (v6 + m[x]) | 0;
    v7 = (v7 + m[x + 1] + (((v6 & m[x]) | ((v6 | m[x]) & ~lo)) >>> 31)) | 0;
    v6 = lo;
    v28 ^= v6;
    v29 ^= v7;
    t = (v28 >>> 16) | (v29 << 16);
    v29 = (v29 >>> 16) | (v28 << 16);
    v28 = t;
    lo = (v18 + v28) | 0;
    v19 = (v19 + v29 + (((v18 & v28) | ((v18 | v28) & ~lo)) >>> 31)) | 0;
    v18 = lo;
    v8 ^= v18;
    v9 ^= v19;
    t = (v9 >>> 31) | (v8 << 1);
    v9 = (v8 >>> 31) | (v9 << 1);
    v8 = t;
  }
  v[0] = v0;
  v[1] = v1;
  v[2] = v2;
  v[3] = v3;
  v[4] = v4;
  v[5] = v5;
  v[6] = v6;
  v[7] = v7;
  v[8] = v8;
  v[9] = v9;
  v[10] = v10;
  v[11] = v11;
  v[12] = v12;
  v[13] = v13;
  v[14] = v14;
  v[15] = v15;
  v[16] = v16;
  v[17] = v17;
  v[18] = v18;
  v[19] = v19;
  v[20] = v20;
  v[21] = v21;
  v[22] = v22;
  v[23] = v23;
  v[24] = v24;
  v[25] = v25;
  v[26] = v26;
  v[27] = v27;
  v[28] = v28;
  v[29] = v29;
  v[30] = v30;
  v[31] = v31;
}

/** BLAKE2b with a 256-bit digest, as hashlib.blake2b(digest_size=32) and the upload API compute it. */
export function blake2b256(data: Uint8Array): string {
  return new Blake2b(32).update(data).digest('hex');
}
