import { ReactNode } from 'react';
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
} from '@material-ui/core';

const useStyles = makeStyles(theme => ({
  table: { tableLayout: 'fixed', width: '100%' },
  name: {
    width: 220,
    fontWeight: 600,
    verticalAlign: 'top',
    [theme.breakpoints.down('xs')]: { width: '38%', paddingLeft: 8 },
  },
  value: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    [theme.breakpoints.down('xs')]: { paddingRight: 8 },
  },
}));

/** Label / value rows, e.g. the Artifact Information tab; long values wrap within the width. */
export function InfoTable({
  rows,
  label,
}: {
  rows: [string, ReactNode][];
  label: string;
}) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label={label} className={classes.table}>
      <TableBody>
        {rows.map(([name, value]) => (
          <TableRow key={name}>
            <TableCell component="th" scope="row" className={classes.name}>
              {name}
            </TableCell>
            <TableCell className={classes.value}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
