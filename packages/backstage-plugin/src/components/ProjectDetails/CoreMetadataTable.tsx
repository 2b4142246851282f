import { ReactNode } from 'react';
import { Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { BreakableText } from '../common/BreakableText';
import { InfoTable } from '../common/InfoTable';
import { formatMetadataValue } from '../format';

/** Fields not worth a row: the raw headers and the long description. */
const HIDDEN = new Set(['raw', 'description']);
const LABELS: Record<string, string> = {
  metadataVersion: 'Metadata-Version',
  homePage: 'Home-page',
  downloadUrl: 'Download-URL',
  projectUrls: 'Project-URL',
  requiresDist: 'Requires-Dist',
  requiresPython: 'Requires-Python',
  classifiers: 'Classifier',
};

/** `authorEmail` → `Author-Email`, as the METADATA field names read. */
function label(key: string): string {
  return (
    LABELS[key] ??
    key
      .replace(/([a-z])([A-Z])/g, '$1-$2')
      .replace(/^./, first => first.toUpperCase())
  );
}

function present(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/** A link for http(s) URLs only: anything else (javascript:, file:) stays text. */
function UrlValue({ url }: { url: string }) {
  if (!/^https?:\/\//i.test(url.trim())) return <>{url}</>;
  return (
    <Link to={url.trim()} target="_blank" rel="noopener noreferrer">
      <BreakableText text={url.trim()} />
    </Link>
  );
}

const URL_FIELDS = new Set(['homePage', 'downloadUrl']);

function text(key: string, value: unknown): ReactNode {
  if (
    key === 'projectUrls' &&
    value &&
    typeof value === 'object' &&
    !Array.isArray(value)
  ) {
    return (
      <>
        {Object.entries(value as Record<string, unknown>).map(
          ([name, url], index) => (
            <div key={`${name}-${index}`}>
              {name}: <UrlValue url={String(url)} />
            </div>
          ),
        )}
      </>
    );
  }
  if (URL_FIELDS.has(key) && typeof value === 'string')
    return <UrlValue url={value} />;
  return formatMetadataValue(value);
}

/** The core metadata read from the distribution's METADATA / PKG-INFO at upload. */
export function CoreMetadataTable({
  metadata,
}: {
  metadata: Record<string, unknown>;
}) {
  const rows = Object.entries(metadata).filter(
    ([key, value]) => !HIDDEN.has(key) && present(value),
  );
  if (!rows.length)
    return (
      <Typography color="textSecondary">
        No core metadata was found in the uploaded files.
      </Typography>
    );
  return (
    <InfoTable
      label="Core Metadata"
      rows={rows.map(([key, value]) => [label(key), text(key, value)])}
    />
  );
}
