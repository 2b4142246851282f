/**
 * Collects a stream into one Buffer, giving up (and destroying the stream through the async iterator) as soon as
 * more than `limit` bytes have arrived, so a decompression bomb costs at most `limit` bytes of memory and time.
 */
export async function readBounded(
  stream: AsyncIterable<Buffer | Uint8Array>,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > limit) throw tooLarge();
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }
  return Buffer.concat(chunks, total);
}
