import { useTheme } from '@material-ui/core';

const WIDTH = 720;
const HEIGHT = 160;
const AXIS = 20;

/** Bars of counts per day, as SVG; each bar has its day and count as a tooltip. */
export function BarChart({
  series,
  label,
}: {
  series: { day: string; count: number }[];
  label: string;
}) {
  const theme = useTheme();
  const peak = Math.max(0, ...series.map(point => point.count));
  const max = Math.max(1, peak);
  const slot = WIDTH / Math.max(1, series.length);
  const plot = HEIGHT - AXIS;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      role="img"
      aria-label={label}
      preserveAspectRatio="none"
    >
      <line
        x1={0}
        x2={WIDTH}
        y1={plot}
        y2={plot}
        stroke={theme.palette.divider}
      />
      {series.map((point, index) => {
        const height = (point.count / max) * (plot - 4);
        return (
          <rect
            key={point.day}
            data-testid="download-bar"
            x={index * slot + slot * 0.15}
            y={plot - height}
            width={slot * 0.7}
            height={Math.max(height, point.count ? 1 : 0)}
            fill={theme.palette.primary.main}
          >
            <title>{`${point.day}: ${point.count}`}</title>
          </rect>
        );
      })}
      {series.length > 0 && (
        <>
          <text
            x={0}
            y={HEIGHT - 4}
            fontSize={11}
            fill={theme.palette.text.secondary}
          >
            {series[0].day}
          </text>
          <text
            x={WIDTH}
            y={HEIGHT - 4}
            fontSize={11}
            textAnchor="end"
            fill={theme.palette.text.secondary}
          >
            {series[series.length - 1].day}
          </text>
          <text x={4} y={12} fontSize={11} fill={theme.palette.text.secondary}>
            {peak}
          </text>
        </>
      )}
    </svg>
  );
}
