import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
import { formatCount } from '../format';

/**
 * The chart's figures as a table, for keyboard and screen-reader users: the scrolling region takes the focus (Tab),
 * so that arrow keys scroll it, and the table has a caption-like name.
 */
export function DownloadsTable({
  series,
  label,
}: {
  series: { day: string; count: number }[];
  label: string;
}) {
  return (
    <div
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      role="region"
      aria-label={label}
      style={{ maxHeight: 280, overflowY: 'auto', marginTop: 8 }}
    >
      <Table size="small" aria-label={label} stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell>Day</TableCell>
            <TableCell align="right">Downloads</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...series].reverse().map(point => (
            <TableRow key={point.day}>
              <TableCell>{point.day}</TableCell>
              <TableCell align="right">{formatCount(point.count)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
