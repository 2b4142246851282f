import { MouseEvent } from 'react';
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { DistributionFile } from '@wheelhouse/backstage-plugin-pypi-common';
import { pypiApiRef } from '../../api';
import { useAsyncData } from '../../hooks/useAsyncData';
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
  const alertApi = useApi(alertApiRef);
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
      alertApi.post({
        message: `Could not download ${file.filename}: ${(error as Error).message}`,
        severity: 'error',
      });
    }
  };

  if (!files.length)
    return (
      <Typography color="textSecondary">This version has no files.</Typography>
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
            <TableCell style={{ wordBreak: 'break-all' }}>
              {file.filename}
            </TableCell>
            <TableCell>
              {FILE_TYPES[file.filetype] ?? file.filetype}
              {file.pythonVersion && file.filetype === 'bdist_wheel'
                ? ` (${file.pythonVersion})`
                : ''}
            </TableCell>
            <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
              {formatBytes(file.size)}
            </TableCell>
            <TableCell>
              <code style={{ wordBreak: 'break-all', fontSize: '0.8em' }}>
                {file.sha256}
              </code>
            </TableCell>
            <TableCell align="right">{formatCount(file.downloads)}</TableCell>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              <Link
                href={urls.value?.[index] ?? '#'}
                onClick={(event: MouseEvent) => download(event, file)}
                aria-label={`Download ${file.filename}`}
              >
                Download
              </Link>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
