/**
 * A QR symbol drawn as one SVG path from the library's module matrix (SPEC §2: byte mode, UTF-8,
 * ECC M, quiet zone 4): crisp at any size and in print, no bitmap scaling, no inline style.
 */
import { useMemo } from 'preact/hooks';
import { QUIET_ZONE, qrMatrix } from '@oneqr/qr/symbols';

export function QrSymbol(props: { text: string; label: string; class?: string }) {
  const { d, n } = useMemo(() => {
    const { size, modules } = qrMatrix(props.text);
    let path = '';
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        if (!modules[r * size + c]) continue;
        // Runs of dark modules in a row become one rectangle.
        let run = 1;
        while (c + run < size && modules[r * size + c + run]) run++;
        path += `M${c + QUIET_ZONE} ${r + QUIET_ZONE}h${run}v1h-${run}z`;
        c += run - 1;
      }
    }
    return { d: path, n: size + 2 * QUIET_ZONE };
  }, [props.text]);
  return (
    <svg
      class={`qr-symbol ${props.class ?? ''}`}
      viewBox={`0 0 ${n} ${n}`}
      role="img"
      aria-label={props.label}
      shape-rendering="crispEdges"
      data-qr-modules={n}
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
