// Streams a large file to a server without holding it in memory: a twine-style multipart POST (Wheelhouse) or a
// plain PUT (nginx WebDAV, the baseline), with Content-Length, timing from the first byte sent to the response.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

function send({ url, method, headers, parts }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const request = http.request(url, { method, headers }, response => {
      const chunks = [];
      response.on('data', chunk => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode,
          body: Buffer.concat(chunks).toString(),
          seconds: Number(process.hrtime.bigint() - started) / 1e9,
        }),
      );
    });
    request.on('error', reject);
    (async () => {
      for (const part of parts) {
        if (typeof part === 'string' || Buffer.isBuffer(part)) {
          if (!request.write(part))
            await new Promise(r => request.once('drain', r));
        } else {
          for await (const chunk of fs.createReadStream(part.file, {
            highWaterMark: 1024 * 1024,
          })) {
            if (!request.write(chunk))
              await new Promise(r => request.once('drain', r));
          }
        }
      }
      request.end();
    })().catch(error => request.destroy(error));
  });
}

/** Hex sha256 of a file, streamed. */
export async function sha256File(file) {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, {
    highWaterMark: 4 * 1024 * 1024,
  }))
    hash.update(chunk);
  return hash.digest('hex');
}

/** The legacy upload API, as twine sends it: metadata fields, digests, then `content`. */
export async function uploadMultipart({
  url,
  authorization,
  file,
  name,
  version,
  sha256,
}) {
  const boundary = `----bench${crypto.randomBytes(12).toString('hex')}`;
  const fields = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    sha256_digest: sha256,
  };
  let head = '';
  for (const [key, value] of Object.entries(fields)) {
    head += `--${boundary}\r\ncontent-disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\ncontent-disposition: form-data; name="content"; filename="${path.basename(file)}"\r\ncontent-type: application/octet-stream\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const size = fs.statSync(file).size;
  return send({
    url,
    method: 'POST',
    headers: {
      authorization,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length':
        Buffer.byteLength(head) + size + Buffer.byteLength(tail),
    },
    parts: [head, { file }, tail],
  });
}

export async function uploadPut({ url, file }) {
  const size = fs.statSync(file).size;
  return send({
    url,
    method: 'PUT',
    headers: {
      'content-length': size,
      'content-type': 'application/octet-stream',
    },
    parts: [{ file }],
  });
}
