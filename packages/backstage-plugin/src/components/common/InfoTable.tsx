import { ReactNode } from 'react';
import { Table, TableBody, TableCell, TableRow } from '@material-ui/core';

/** Label / value rows, e.g. the Artifact Information tab. */
export function InfoTable({
  rows,
  label,
}: {
  rows: [string, ReactNode][];
  label: string;
}) {
  return (
    <Table size="small" aria-label={label}>
      <TableBody>
        {rows.map(([name, value]) => (
          <TableRow key={name}>
            <TableCell
              component="th"
              scope="row"
              style={{ width: 220, fontWeight: 600, verticalAlign: 'top' }}
            >
              {name}
            </TableCell>
            <TableCell
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            >
              {value}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
