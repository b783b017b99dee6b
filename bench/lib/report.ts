/** The run's outputs: a table for people, a JSON document for machines. */
import type { Environment } from './environment.ts';
import type { Anchors, Result } from './types.ts';

/** What `bench/results/latest.json` holds. */
export interface BenchReport {
  format: 'oneqr-bench/1';
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  environment: Environment;
  anchors: Anchors;
  results: Result[];
  /** Benchmarks that threw (or were skipped because one they require did). */
  failures: { benchmark: string; message: string }[];
}

function num(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toPrecision(3);
}

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The results as an aligned text table, preceded by the environment and followed by notes. */
export function formatTable(report: BenchReport): string {
  const e = report.environment;
  const head = [
    `OneQR bench ${report.quick ? '(--quick) ' : ''}${report.startedAt}`,
    `node ${e.node} (OpenSSL ${e.nodeOpenssl}) | ${e.openssl} | ${e.cpuModel}, ${e.cores} cores | ${e.platform} | load ${e.loadAvg1m}`,
    e.taskset
      ? 'single-core figures pinned with taskset -c 0'
      : 'taskset unavailable: figures NOT pinned to one core',
    'figures are per CPU-second (ms: CPU ms) of the measuring process, as openssl speed counts; wall-clock figures in the JSON detail',
    '',
  ];
  const rows = [['benchmark', 'figure', 'anchor (same run)', 'ratio']];
  const notes = new Map<string, number>();
  const noteNo = (note: string): number => {
    if (!notes.has(note)) notes.set(note, notes.size + 1);
    return notes.get(note)!;
  };
  for (const r of report.results) {
    const anchor = r.anchor === null ? '—' : `${r.anchor.name} = ${num(r.anchor.value)} ${r.anchor.unit}`;
    const ratio = r.ratio === null ? '—' : r.ratio.toFixed(r.ratio >= 10 ? 1 : 3);
    const mark = r.note === undefined ? '' : ` [${noteNo(r.note)}]`;
    rows.push([`${r.name}${mark}`, `${num(r.value)} ${r.unit}`, anchor, ratio]);
  }
  const tail = [...notes].map(([n, i]) => `[${i}] ${n}`);
  const failed = report.failures.map((f) => `FAILED ${f.benchmark}: ${f.message}`);
  return [...head, pad(rows), '', ...tail, ...failed].join('\n').trimEnd();
}
