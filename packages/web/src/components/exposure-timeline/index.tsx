/**
 * The exposures of a case on a timeline: an SVG strip from the start to the end of the infectious
 * window with one bar per exposure (person × venue), and the same as a list in time order for
 * screen readers and print. Persons appear with their ID number masked.
 */
import { maskDocumentNumber } from '@oneqr/qr';
import { formatInstant } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';

export interface Exposure {
  idNumber: string;
  venueId: string;
  overlapStart: string;
  overlapEnd: string;
  minutes: number;
}

export function ExposureTimeline(props: { from: string; to: string; exposures: readonly Exposure[] }) {
  const { t, lang } = useI18n();
  const list = [...props.exposures].sort(
    (a, b) => Date.parse(a.overlapStart) - Date.parse(b.overlapStart) || a.idNumber.localeCompare(b.idNumber),
  );
  // The strip spans the exposures (an hour either side), not the whole window: days of empty
  // axis would shrink an hour's overlap to a hairline.
  const [from, to] = stripSpan(props.from, props.to, list);
  const width = 600;
  const rowH = 14;
  const height = Math.max(1, list.length) * rowH + 28;
  const x = (iso: string) => ((Date.parse(iso) - from) / (to - from)) * width;
  return (
    <section class="exposure-timeline" aria-labelledby="timeline-title" data-exposures={list.length}>
      <h3 id="timeline-title">{t('authority.timeline', { n: list.length })}</h3>
      <p class="fine">
        {formatInstant(props.from, lang)} → {formatInstant(props.to, lang)}
      </p>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" aria-hidden="true" class="timeline-strip">
        <line x1="0" y1={height - 14} x2={width} y2={height - 14} class="axis" />
        <text x="0" y={height - 2} class="tick">
          {formatInstant(from, lang)}
        </text>
        <text x={width} y={height - 2} text-anchor="end" class="tick">
          {formatInstant(to, lang)}
        </text>
        {list.map((e, i) => (
          <rect
            key={`${e.idNumber}-${e.venueId}`}
            x={x(e.overlapStart)}
            y={i * rowH + 4}
            width={Math.max(2, x(e.overlapEnd) - x(e.overlapStart))}
            height={rowH - 4}
            class="bar"
          />
        ))}
      </svg>
      {list.length === 0 ? (
        <p data-testid="no-exposures">{t('authority.noExposures')}</p>
      ) : (
        <ol class="timeline">
          {list.map((e) => (
            <li key={`${e.idNumber}-${e.venueId}`} data-exposure={e.venueId}>
              <strong>{formatInstant(e.overlapStart, lang)}</strong> – {formatInstant(e.overlapEnd, lang)}
              <br />
              {t('authority.exposureLine', {
                person: maskDocumentNumber(e.idNumber),
                venue: e.venueId,
                minutes: e.minutes,
              })}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const HOUR = 3_600_000;

/** [from, to] in Unix ms of the strip: the exposures ± 1 h within the window, or the window. */
export function stripSpan(windowFrom: string, windowTo: string, list: readonly Exposure[]): [number, number] {
  const wf = Date.parse(windowFrom);
  const wt = Math.max(Date.parse(windowTo), wf + 1);
  if (list.length === 0) return [wf, wt];
  const first = Math.min(...list.map((e) => Date.parse(e.overlapStart)));
  const last = Math.max(...list.map((e) => Date.parse(e.overlapEnd)));
  return [Math.max(wf, first - HOUR), Math.min(wt, Math.max(last + HOUR, first - HOUR + 1))];
}
