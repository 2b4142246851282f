import fs from 'node:fs';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';
import {
  UPLOAD_FIELD_MAX_BYTES,
  UPLOAD_FIELDS_MAX_BYTES,
  UPLOAD_FIELDS_MAX_COUNT,
} from '@wheelhouse/backstage-plugin-pypi-common';
import { InputError, PayloadTooLargeError } from '../errors';
import {
  UPLOAD_FIELD_NAME_MAX_BYTES,
  UPLOAD_FILES_MAX,
  UPLOAD_FRAMING_MAX_BYTES,
  UPLOAD_PARTS_MAX,
} from '../limits';
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
}

/**
 * Parses a multipart upload, streaming `content` to a staging file. On any failure (malformed body, client gone,
 * limit passed) the staging file is removed and the promise rejects with a typed error; nothing is left behind.
 */
export function readUploadForm(
  request: IncomingMessage,
  options: ReadUploadFormOptions,
): Promise<UploadForm> {
  // The whole body, chunked or not: the file, every text field, and their multipart framing.
  const maxBodyBytes =
    options.maxBytes + UPLOAD_FIELDS_MAX_BYTES + UPLOAD_FRAMING_MAX_BYTES;
  const tooLarge = () =>
    new PayloadTooLargeError(
      `Upload exceeds the limit of ${options.maxBytes} bytes`,
    );
  const declared = Number(request.headers['content-length']);
  // A declared body over the limit is refused before reading a byte of it.
  if (Number.isFinite(declared) && declared > maxBodyBytes) {
    return Promise.reject(tooLarge());
  }
  return new Promise<UploadForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: {
          fieldNameSize: UPLOAD_FIELD_NAME_MAX_BYTES,
          // busboy flags a value that reaches its limit as truncated: one byte more, so that the maximum itself fits.
          fieldSize: UPLOAD_FIELD_MAX_BYTES + 1,
          fields: UPLOAD_FIELDS_MAX_COUNT,
          files: UPLOAD_FILES_MAX,
          parts: UPLOAD_PARTS_MAX,
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

    // busboy holds at most one field of UPLOAD_FIELD_MAX_BYTES at a time; these are what is kept.
    let fieldBytes = 0;
    parser.on('field', (name, value, info) => {
      // busboy passes an undefined name for a part whose name is empty (its types say string).
      fieldBytes +=
        Buffer.byteLength(name ?? '') + Buffer.byteLength(value ?? '');
      if (info.valueTruncated)
        fail(
          new PayloadTooLargeError(
            `Field ${name} is larger than ${UPLOAD_FIELD_MAX_BYTES} bytes`,
          ),
        );
      else if (fieldBytes > UPLOAD_FIELDS_MAX_BYTES)
        fail(
          new PayloadTooLargeError(
            `The upload's text fields exceed ${UPLOAD_FIELDS_MAX_BYTES} bytes together`,
          ),
        );
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
    let received = 0;
    request.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) fail(tooLarge());
    });
    request.pipe(parser);
  });
}
