import { useTheme } from '@material-ui/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** `2026-01-03` → `01-03`: the year is in the subheader's period, the day fits under a bar. */
export const shortDay = (day: string) => day.slice(5);

/**
 * Downloads per day as bars with axes, gridlines and labelled days (recharts, as Backstage plugins chart). Text keeps
 * its size at any width: the chart is laid out in pixels for its container, not stretched.
 */
export function DownloadsBarChart({
  series,
  label,
}: {
  series: { day: string; count: number }[];
  label: string;
}) {
  const theme = useTheme();
  const text = {
    fill: theme.palette.text.secondary,
    fontSize: 12,
  };
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={series}
          margin={{ top: 8, right: 8, left: -16, bottom: 0 }}
        >
          <CartesianGrid
            stroke={theme.palette.divider}
            strokeDasharray="3 3"
            vertical={false}
          />
          <XAxis
            dataKey="day"
            tickFormatter={shortDay}
            tick={text}
            minTickGap={12}
            tickLine={false}
          />
          <YAxis
            allowDecimals={false}
            tick={text}
            width={48}
            tickLine={false}
          />
          <Tooltip
            cursor={{ fill: theme.palette.action.hover }}
            formatter={(value: number) => [value, 'Downloads']}
          />
          <Bar
            dataKey="count"
            name="Downloads"
            fill={theme.palette.primary.main}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
