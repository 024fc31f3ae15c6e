// A horizontal bar chart drawn on the server as SVG: role="img", labelled by its <title> and described by its
// <desc> (which lists every value, so a screen reader hears the numbers). One or two series (the second drawn
// with the `.bar.alt` class); the page shows the same numbers in a table next to it. No script.
export interface BarSeries {
  label: string;
  values: readonly number[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** Category labels, one per row. */
  labels: readonly string[];
  series: readonly BarSeries[];
  /** How a value is written (money, count…). */
  format: (value: number) => string;
}

const LABEL_W = 220;
const BAR_W = 360;
const VALUE_W = 150;
const BAR_H = 16;
const GAP = 10;

const clip = (text: string, max = 30) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function BarChart({ id, title, labels, series, format }: BarChartProps): JSX.Element {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const rowH = series.length * (BAR_H + 2) + GAP;
  const legendH = series.length > 1 ? 24 : 0;
  const height = legendH + labels.length * rowH + 8;
  const width = LABEL_W + BAR_W + VALUE_W;
  const desc = labels.map((label, i) => `${label}: ${series.map((s) => `${s.label} ${format(s.values[i] ?? 0)}`).join(', ')}`).join('; ');
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`} viewBox={`0 0 ${width} ${height}`} width={String(width)} height={String(height)} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`} safe>
          {title}
        </title>
        <desc id={`${id}-desc`} safe>
          {desc}
        </desc>
        {series.length > 1
          ? series.map((s, k) => (
              <g aria-hidden="true">
                <rect class={k === 0 ? 'bar' : 'bar alt'} x={String(LABEL_W + k * 180)} y="4" width="12" height="12" />
                <text x={String(LABEL_W + k * 180 + 18)} y="15" safe>
                  {s.label}
                </text>
              </g>
            ))
          : ''}
        <line class="axis" x1={String(LABEL_W)} x2={String(LABEL_W)} y1={String(legendH)} y2={String(height)} />
        {labels.map((label, i) => {
          const y0 = legendH + i * rowH + GAP / 2;
          return (
            <g aria-hidden="true">
              <text x={String(LABEL_W - 8)} y={String(y0 + (series.length * (BAR_H + 2)) / 2 + 5)} text-anchor="end" safe>
                {clip(label)}
              </text>
              {series.map((s, k) => {
                const v = s.values[i] ?? 0;
                const w = Math.max(v > 0 ? 1 : 0, Math.round((v / max) * BAR_W));
                const y = y0 + k * (BAR_H + 2);
                return (
                  <>
                    <rect class={k === 0 ? 'bar' : 'bar alt'} x={String(LABEL_W)} y={String(y)} width={String(w)} height={String(BAR_H)} />
                    <text x={String(LABEL_W + w + 6)} y={String(y + BAR_H - 3)} safe>
                      {format(v)}
                    </text>
                  </>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption safe>{title}</figcaption>
    </figure>
  );
}
