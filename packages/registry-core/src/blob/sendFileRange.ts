import { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

export interface SendFileRangeOptions {
  handle: FileHandle;
  target: Writable;
  /** First and last byte to send, inclusive. */
  start: number;
  end: number;
  /** Bytes per read; 1 MiB by default. */
  chunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * Writes bytes `start..end` of an open file to `target`, then ends it. Two buffers are reused in turn: one is read
 * into while the other is being written, and a buffer is read into again only after its write has completed. A read
 * stream allocates a fresh buffer per chunk instead, and for a fast client the page faults and garbage collection
 * of those buffers cost as much as the copying. Memory per download stays at two chunks whatever the
 * client's speed, since nothing is read until a write completes. Rejects when the target closes or fails first.
 */
export async function sendFileRange(
  options: SendFileRangeOptions,
): Promise<void> {
  const { handle, target, end } = options;
  const total = end - options.start + 1;
  const chunkBytes = Math.max(
    1,
    Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, total),
  );
  // The second buffer only when there is a second chunk: a small file needs one buffer of its own size.
  const buffers: Buffer[] = [];
  const closed = whenClosed(target);
  let position = options.start;
  let turn = 0;
  /** The write in flight, whose buffer is the one not being read into. */
  let writing: Promise<void> = Promise.resolve();
  try {
    while (position <= end) {
      const buffer = (buffers[turn] ??= Buffer.allocUnsafeSlow(chunkBytes));
      turn ^= 1;
      const { bytesRead } = await Promise.race([
        handle.read(
          buffer,
          0,
          Math.min(chunkBytes, end - position + 1),
          position,
        ),
        closed,
      ]);
      if (bytesRead === 0)
        throw new Error(`File ended at byte ${position}, before byte ${end}`);
      position += bytesRead;
      await Promise.race([writing, closed]);
      writing = write(
        target,
        bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead),
      );
      // Observed below; this keeps a failure while the next read runs from counting as unhandled.
      writing.catch(() => undefined);
    }
    await Promise.race([writing, closed]);
    await Promise.race([
      new Promise<void>(resolve => target.end(resolve)),
      closed,
    ]);
  } finally {
    closed.cancel();
  }
}

function write(target: Writable, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    target.write(chunk, error => (error ? reject(error) : resolve()));
  });
}

/** Rejects when the target is closed or fails before the send is over; `cancel` stops listening. */
function whenClosed(target: Writable): Promise<never> & { cancel(): void } {
  let cancel = () => undefined as void;
  const promise = new Promise<never>((_resolve, reject) => {
    const onClose = () =>
      reject(
        Object.assign(
          new Error('The connection closed before the file was sent'),
          { code: 'ERR_STREAM_PREMATURE_CLOSE' },
        ),
      );
    const onError = (error: Error) => reject(error);
    if (target.destroyed) {
      onClose();
      return;
    }
    target.once('close', onClose);
    target.once('error', onError);
    cancel = () => {
      target.off('close', onClose);
      target.off('error', onError);
    };
  });
  promise.catch(() => undefined);
  return Object.assign(promise, { cancel: () => cancel() });
}
