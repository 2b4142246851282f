import { Distribution } from '../distribution/inspectDistribution';
import { FileDigests } from '../hash/fileDigests';
import { FormField } from './multipartBody';

/**
 * Core metadata headers and the form field names twine sends them under (twine's `metadata_dictionary`).
 * Multiple-use headers become repeated fields.
 */
const METADATA_FIELDS: [header: string, field: string][] = [
  ['metadata-version', 'metadata_version'],
  ['summary', 'summary'],
  ['home-page', 'home_page'],
  ['author', 'author'],
  ['author-email', 'author_email'],
  ['maintainer', 'maintainer'],
  ['maintainer-email', 'maintainer_email'],
  ['license', 'license'],
  ['license-expression', 'license_expression'],
  ['license-file', 'license_file'],
  ['keywords', 'keywords'],
  ['platform', 'platform'],
  ['classifier', 'classifiers'],
  ['download-url', 'download_url'],
  ['supported-platform', 'supported_platform'],
  ['provides', 'provides'],
  ['requires', 'requires'],
  ['obsoletes', 'obsoletes'],
  ['project-url', 'project_urls'],
  ['provides-dist', 'provides_dist'],
  ['obsoletes-dist', 'obsoletes_dist'],
  ['requires-dist', 'requires_dist'],
  ['requires-external', 'requires_external'],
  ['requires-python', 'requires_python'],
  ['provides-extra', 'provides_extra'],
  ['description-content-type', 'description_content_type'],
  ['dynamic', 'dynamic'],
];

/** The form fields of a legacy upload: action, identity, every metadata field, and the three digests. */
export function uploadFields(
  distribution: Distribution,
  digests: FileDigests,
): FormField[] {
  const fields: FormField[] = [
    [':action', 'file_upload'],
    ['protocol_version', '1'],
    ['name', distribution.name],
    ['version', distribution.version],
    ['filetype', distribution.filetype],
    ['pyversion', distribution.pyversion],
  ];
  const metadata = distribution.metadata;
  if (metadata) {
    for (const [header, name] of METADATA_FIELDS) {
      for (const value of metadata.raw[header] ?? [])
        fields.push([name, value]);
    }
    if (metadata.description !== null)
      fields.push(['description', metadata.description]);
  }
  fields.push(
    ['md5_digest', digests.md5],
    ['sha256_digest', digests.sha256],
    ['blake2_256_digest', digests.blake2_256],
  );
  return fields;
}
