import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Principal } from '../auth/AccessPolicy';
import { BlobLedger } from '../blob/BlobLedger';
import { BlobStore } from '../blob/BlobStore';
import { InputError } from '../errors';
import {
  extractCoreMetadata,
  parseCoreMetadata,
  sdistHasStaticDependencies,
} from '../metadata';
import { UploadGuard } from '../oidc/TrustedUploadGuard';
import {
  versionIdentity,
  filenameMatches,
  filetypeFor,
  isSafeFilename,
  isValidProjectName,
  normalizeProjectName,
  parseDistributionFilename,
} from '../pep';
import { AuditLog } from '../store/AuditLog';
import { UploadStore } from '../store/ProjectStore';
import { FileLocation } from '../store/types';
import { UploadForm } from '../upload/readUploadForm';
import { hasControlCharacters } from './validation';

export interface UploadServiceOptions {
  projects: UploadStore;
  blobs: BlobStore;
  /** Claims the bytes an upload relies on until its row is in; removes them again when it fails. */
  ledger: BlobLedger;
  audit: AuditLog;
  /** Where extracted metadata is staged before it goes to the blob store. */
  stagingDirectory: string;
  /** Called after a change to a repository's index, so caches can drop their pages. */
  onChange?: (repository: string, project: string) => void;
  /** Limits minted (trusted publishing) tokens to their projects and records their provenance. */
  guard?: UploadGuard;
}

export interface UploadResult {
  outcome: 'created' | 'identical';
  location: FileLocation;
}

/** Fields that must appear at most once in an upload (classifiers and the like may repeat). */
const SINGLE_FIELDS = [
  ':action',
  'protocol_version',
  'name',
  'version',
  'filetype',
  'pyversion',
  'sha256_digest',
  'md5_digest',
  'blake2_256_digest',
];

/**
 * The legacy upload API's semantics: validate the form against the file, verify every digest sent, extract the
 * core metadata, then store blob before row, so that a crash can leave an unreferenced blob but never a row
 * pointing at missing bytes.
 */
export class UploadService {
  constructor(private readonly options: UploadServiceOptions) {}

  async upload(request: {
    repository: string;
    principal: Principal;
    form: UploadForm;
  }): Promise<UploadResult> {
    const { form } = request;
    const content = form.content;
    try {
      const field = (name: string) => single(form.fields, name);
      const action = field(':action');
      if (action !== 'file_upload') {
        throw new InputError(
          action
            ? `Unsupported :action ${action}`
            : 'Missing :action field (expected file_upload)',
        );
      }
      const protocol = field('protocol_version');
      if (protocol !== undefined && protocol !== '1')
        throw new InputError(`Unsupported protocol_version ${protocol}`);
      if (!content) throw new InputError("The upload has no 'content' file");

      const name = field('name');
      const version = field('version');
      if (!name || !isValidProjectName(name))
        throw new InputError(
          `Invalid project name ${JSON.stringify(name ?? '')}`,
        );
      // The project is known only now; nothing is stored yet.
      const permit = await this.options.guard?.beforeStore({
        repository: request.repository,
        project: normalizeProjectName(name),
        principal: request.principal,
      });
      if (!version) throw new InputError('Missing version field');
      const canonical = versionIdentity(version);
      if (!canonical)
        throw new InputError(
          `Invalid version ${JSON.stringify(version)}: not a PEP 440 version`,
        );

      const filename = content.filename;
      if (!isSafeFilename(filename))
        throw new InputError(`Invalid filename ${JSON.stringify(filename)}`);
      const parsed = parseDistributionFilename(filename);
      if (!parsed)
        throw new InputError(
          `Invalid distribution filename ${filename}: expected a wheel (.whl) or an sdist (.tar.gz, or .zip from older tools)`,
        );
      if (!filenameMatches(parsed, name, version)) {
        throw new InputError(
          `Filename ${filename} does not match project ${name} version ${version}`,
        );
      }
      const filetype = filetypeFor(parsed);
      const declaredType = field('filetype');
      if (declaredType && declaredType !== filetype) {
        throw new InputError(
          `filetype ${declaredType} does not match ${filename}`,
        );
      }
      verifyDigest('sha256', field('sha256_digest'), content.sha256);
      verifyDigest('md5', field('md5_digest'), content.md5);
      verifyDigest(
        'blake2_256',
        field('blake2_256_digest'),
        content.blake2_256,
      );

      const metadataBytes = await extractCoreMetadata({
        path: content.path,
        kind: parsed.kind,
        filename,
      });
      if (metadataBytes.includes(0))
        throw new InputError('The METADATA file contains NUL bytes');
      const metadata = parseCoreMetadata(metadataBytes);
      if (normalizeProjectName(metadata.name) !== normalizeProjectName(name)) {
        throw new InputError(
          `The file's metadata names project ${metadata.name}, not ${name}`,
        );
      }
      if (versionIdentity(metadata.version) !== canonical) {
        throw new InputError(
          `The file's metadata has version ${metadata.version}, not ${version}`,
        );
      }

      // Served as PEP 658 `.metadata` only when an installer may trust it instead of building (see the function).
      const metadataSha256 =
        parsed.kind === 'sdist' && !sdistHasStaticDependencies(metadata)
          ? undefined
          : crypto.createHash('sha256').update(metadataBytes).digest('hex');
      const pyversion = field('pyversion');
      // Claim, then blob, then row: the claim keeps the collector (on any replica) off these bytes until the row
      // that references them is committed, and a rejected upload (409) removes what nothing else uses.
      const keys = metadataSha256
        ? [metadataSha256, content.sha256]
        : [content.sha256];
      const claim = await this.options.ledger.claim(keys);
      let result: UploadResult;
      try {
        if (metadataSha256)
          await this.storeMetadata(metadataBytes, metadataSha256);
        await this.options.blobs.putFile({
          key: content.sha256,
          path: content.path,
          size: content.size,
        });
        result = await this.options.projects.addFile({
          repository: request.repository,
          project: normalizeProjectName(name),
          displayName: metadata.name,
          version,
          canonical,
          summary: metadata.summary ?? undefined,
          requiresPython: metadata.requiresPython ?? undefined,
          coreMetadata: metadata as unknown as Record<string, unknown>,
          claim,
          file: {
            filename,
            filetype,
            pythonVersion:
              pyversion ||
              (parsed.kind === 'wheel' ? parsed.pythonTag : 'source'),
            requiresPython: metadata.requiresPython ?? undefined,
            size: content.size,
            sha256: content.sha256,
            blake2_256: content.blake2_256,
            md5: content.md5,
            metadataSha256,
            uploadedBy: request.principal.actor,
            uploadedAt: new Date().toISOString(),
          },
        });
      } catch (error) {
        await this.giveUp(claim, keys);
        throw error;
      }
      await this.options.guard?.afterStore(permit, result);
      if (result.outcome === 'created') {
        await this.options.audit.record({
          repository: request.repository,
          project: result.location.project.name,
          version: result.location.version.version,
          action: 'upload',
          actor: request.principal.actor,
          details: { filename, size: content.size, sha256: content.sha256 },
        });
        this.options.onChange?.(
          request.repository,
          result.location.project.name,
        );
      }
      return result;
    } finally {
      // The blob store consumed the staging file when it got that far; otherwise it goes now.
      if (content) await fs.promises.rm(content.path, { force: true });
    }
  }

  /** After a failed upload: its claim goes, and so do its blobs unless something else uses them. */
  private async giveUp(claim: string, keys: string[]): Promise<void> {
    try {
      await this.options.ledger.release(claim);
      for (const key of keys) await this.options.ledger.collect(key);
    } catch {
      // The database or the store is failing too: the collector removes them after the grace period.
    }
  }

  private async storeMetadata(bytes: Buffer, key: string): Promise<void> {
    await fs.promises.mkdir(this.options.stagingDirectory, { recursive: true });
    const staged = path.join(
      this.options.stagingDirectory,
      `metadata-${crypto.randomBytes(8).toString('hex')}.part`,
    );
    await fs.promises.writeFile(staged, bytes, { flag: 'wx' });
    try {
      await this.options.blobs.putFile({
        key,
        path: staged,
        size: bytes.length,
      });
    } finally {
      await fs.promises.rm(staged, { force: true });
    }
  }
}

function single(
  fields: Map<string, string[]>,
  name: string,
): string | undefined {
  const values = fields.get(name);
  if (!values?.length) return undefined;
  if (
    values.some(value => hasControlCharacters(value.replace(/[\r\n\t]/g, ' ')))
  ) {
    throw new InputError(`Field ${name} contains control characters`);
  }
  if (SINGLE_FIELDS.includes(name) && new Set(values).size > 1) {
    throw new InputError(
      `Field ${name} was sent more than once with different values`,
    );
  }
  return values[0].trim();
}

function verifyDigest(
  kind: string,
  sent: string | undefined,
  actual: string,
): void {
  if (!sent) return;
  if (sent.toLowerCase() !== actual) {
    throw new InputError(
      `The ${kind} digest sent does not match the uploaded file (expected ${sent}, got ${actual})`,
    );
  }
}
