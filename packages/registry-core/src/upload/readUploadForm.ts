import fs from 'node:fs';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import { InputError, PayloadTooLargeError } from '../errors';
import { StagedFile, stageStream } from './StagingFile';

/** The fields and the staged `content` file of a legacy upload API request. */
export interface UploadForm {
  fields: Map<string, string[]>;
  content?: StagedFile & { filename: string };
}

export interface ReadUploadFormOptions {
  stagingDirectory: string;
  /** Largest accepted distribution file. */
  maxBytes: number;
  /** Largest accepted metadata field (the description is the big one). */
  maxFieldBytes?: number;
}

/**
 * Parses a multipart upload, streaming `content` to a staging file. On any failure (malformed body, client gone,
 * limit passed) the staging file is removed and the promise rejects with a typed error; nothing is left behind.
 */
export function readUploadForm(
  request: IncomingMessage,
  options: ReadUploadFormOptions,
): Promise<UploadForm> {
  const declared = Number(request.headers['content-length']);
  // A declared body far over the limit is refused before reading a byte of it.
  if (
    Number.isFinite(declared) &&
    declared > options.maxBytes + 16 * 1024 * 1024
  ) {
    return Promise.reject(
      new PayloadTooLargeError(
        `Upload exceeds the limit of ${options.maxBytes} bytes`,
      ),
    );
  }
  return new Promise<UploadForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: {
          fieldNameSize: 200,
          fieldSize: options.maxFieldBytes ?? 4 * 1024 * 1024,
          fields: 2000,
          files: 4,
          parts: 2500,
        },
      });
    } catch {
      reject(new InputError('Expected a multipart/form-data upload'));
      return;
    }
    const fields = new Map<string, string[]>();
    let staging: Promise<StagedFile> | undefined;
    let contentStream: Readable | undefined;
    let contentFilename = '';
    let failure: Error | undefined;

    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      request.unpipe(parser);
      request.resume();
      // The content part being staged gets no more bytes once the request is unpiped (or gone): end it, or staging
      // would wait forever, keeping its file and descriptor.
      contentStream?.destroy();
      staging
        ?.then(staged => fs.promises.rm(staged.path, { force: true }))
        .catch(() => undefined);
      reject(error);
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        fail(new InputError(`Field ${name} is too large`));
      else fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (name, stream, info) => {
      // A body that ends inside this part errors the part's stream too; the parser's own 'error' reports it, and an
      // unheard stream error would crash the process.
      stream.on('error', () => undefined);
      if (name !== 'content') {
        // e.g. gpg_signature from old clients: not kept.
        stream.resume();
        return;
      }
      if (staging) {
        stream.resume();
        fail(new InputError('The upload has more than one content file'));
        return;
      }
      contentFilename = info.filename ?? '';
      contentStream = stream;
      staging = stageStream(stream, {
        directory: options.stagingDirectory,
        maxBytes: options.maxBytes,
      });
      staging.catch(error => {
        stream.resume();
        fail(error);
      });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(limit, () =>
        fail(new InputError('The upload has too many parts')),
      );
    }
    parser.on('error', error =>
      fail(
        new InputError(`Malformed multipart body: ${(error as Error).message}`),
      ),
    );
    parser.on('close', async () => {
      if (failure) return;
      try {
        const staged = staging ? await staging : undefined;
        if (failure) {
          if (staged) await fs.promises.rm(staged.path, { force: true });
          return;
        }
        resolve({
          fields,
          content: staged && { ...staged, filename: contentFilename },
        });
      } catch (error) {
        fail(error as Error);
      }
    });
    request.on('close', () => {
      if (!request.complete)
        fail(new InputError('The upload was interrupted before it completed'));
    });
    request.pipe(parser);
  });
}
