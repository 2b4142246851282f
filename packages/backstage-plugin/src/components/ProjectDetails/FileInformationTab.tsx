import { MouseEvent } from 'react';
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  useTheme,
} from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { toastApiRef } from '@backstage/frontend-plugin-api';
import { DistributionFile } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
import { BreakableText } from '../common/BreakableText';
import { InfoTable } from '../common/InfoTable';
import { formatBytes, formatCount } from '../format';

const FILE_TYPES: Record<DistributionFile['filetype'], string> = {
  bdist_wheel: 'Wheel',
  sdist: 'Source (sdist)',
};

/** File Information: every file of the selected version, with its hash and a download link. */
export function FileInformationTab({
  repository,
  files,
}: {
  repository: string;
  files: DistributionFile[];
}) {
  const api = useApi(pypiApiRef);
  const toastApi = useApi(toastApiRef);
  const urls = useAsyncData(
    () => Promise.all(files.map(file => api.getFileUrl(repository, file))),
    [api, repository, files],
  );

  // The link works as is for anonymous reads; a click downloads with the user's credentials, for every repository.
  const download = async (event: MouseEvent, file: DistributionFile) => {
    event.preventDefault();
    try {
      const blob = await api.downloadFile(repository, file);
      const href = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = href;
      anchor.download = file.filename;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (error) {
      toastApi.post({
        // The legacy app's toast shows the title only.
        title: `Could not download ${file.filename}: ${(error as Error).message}`,
        status: 'danger',
      });
    }
  };

  const narrow = useMediaQuery(useTheme().breakpoints.down('xs'));
  const typeOf = (file: DistributionFile) =>
    `${FILE_TYPES[file.filetype] ?? file.filetype}${
      file.pythonVersion && file.filetype === 'bdist_wheel'
        ? ` (${file.pythonVersion})`
        : ''
    }`;
  const link = (file: DistributionFile, index: number) => (
    <Link
      href={urls.value?.[index] ?? '#'}
      onClick={(event: MouseEvent) => download(event, file)}
      aria-label={`Download ${file.filename}`}
    >
      Download
    </Link>
  );

  if (!files.length)
    return (
      <Typography color="textSecondary">This version has no files.</Typography>
    );
  // A phone gets one small table per file instead of six columns that would not fit.
  if (narrow)
    return (
      <div aria-label="File Information" role="list">
        {files.map((file, index) => (
          <div key={file.filename} role="listitem" style={{ marginBottom: 16 }}>
            <InfoTable
              label={file.filename}
              rows={[
                ['File name', <BreakableText text={file.filename} />],
                ['Type', typeOf(file)],
                ['Size', formatBytes(file.size)],
                [
                  'SHA256',
                  <code style={{ fontSize: '0.8em' }}>
                    <BreakableText text={file.sha256} group={16} />
                  </code>,
                ],
                ['Downloads', formatCount(file.downloads)],
                ['Download', link(file, index)],
              ]}
            />
          </div>
        ))}
      </div>
    );
  return (
    <Table size="small" aria-label="File Information">
      <TableHead>
        <TableRow style={{ whiteSpace: 'nowrap' }}>
          <TableCell>File name</TableCell>
          <TableCell>Type</TableCell>
          <TableCell align="right">Size</TableCell>
          <TableCell>SHA256</TableCell>
          <TableCell align="right">Downloads</TableCell>
          <TableCell>Download</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {files.map((file, index) => (
          <TableRow key={file.filename}>
            <TableCell style={{ minWidth: 160 }}>
              <BreakableText text={file.filename} />
            </TableCell>
            <TableCell>{typeOf(file)}</TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              {formatBytes(file.size)}
            </TableCell>
            <TableCell>
              <code style={{ fontSize: '0.8em' }}>
                <BreakableText text={file.sha256} group={16} />
              </code>
            </TableCell>
            <TableCell align="right">{formatCount(file.downloads)}</TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              {link(file, index)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
