/**
 * Blob lifetime, decided in the database so that every replica and process agrees. An upload claims the keys of its
 * bytes before it relies on them (stores them, or finds them already stored) and its file row releases the claim in
 * the transaction that adds it; a blob is removed only when no file row references it and no live claim holds it,
 * under the blob's row lock, which a claim also takes. So the bytes of a committed row are never removed.
 */
export interface BlobLedger {
  /** Claims keys before the caller relies on their bytes; answers the claim, which NewFile.claim releases. */
  claim(keys: string[]): Promise<string>;
  /** Gives up a claim whose upload failed. */
  release(claim: string): Promise<void>;
  /**
   * Removes the blob from the store when no file row references it and no claim made after `claimsBefore` holds it
   * (older claims are dead: their upload was killed). Answers whether it was removed.
   */
  collect(key: string, options?: { claimsBefore?: string }): Promise<boolean>;
}
