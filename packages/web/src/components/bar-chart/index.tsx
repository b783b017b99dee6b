/**
 * A small bar chart drawn by hand in SVG (no chart library: a few hundred bytes instead of a
 * hundred kB). Screen readers get the same numbers as a table (visually hidden).
 */
export interface Bar {
  label: string;
  value: number;
}

export function BarChart(props: {
  title: string;
  bars: readonly Bar[];
  unit?: string;
  id: string;
  /** The value of a full-width bar (e.g. 100 for percentages); default the largest value. */
  max?: number;
}) {
  const { bars } = props;
  const max = props.max ?? Math.max(1, ...bars.map((b) => b.value));
  const labelW = Math.min(180, 8 + 7 * Math.max(1, ...bars.map((b) => b.label.length)));
  const rowH = 18;
  const width = 360;
  const barW = width - labelW - 48;
  const height = bars.length * rowH + 4;
  return (
    <figure class="bar-chart" data-chart={props.id}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${props.id}-title`}
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((b, i) => {
          const y = i * rowH + 2;
          const w = (b.value / max) * barW;
          return (
            <g key={b.label} data-bar={b.label} data-value={b.value}>
              <text x={labelW - 6} y={y + 12} text-anchor="end" class="bar-label">
                {b.label}
              </text>
              <rect
                x={labelW}
                y={y + 2}
                width={Math.max(w, b.value > 0 ? 1 : 0)}
                height={rowH - 6}
                class="bar"
              />
              <text x={labelW + w + 4} y={y + 12} class="bar-value">
                {b.value}
                {props.unit ?? ''}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>
                {b.value}
                {props.unit ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
