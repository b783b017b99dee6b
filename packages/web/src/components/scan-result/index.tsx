/**
 * The large result of one scan: the colour across the top, the role's minimal data below it (only
 * what the platform answered for this scanner's role), or the reason a code was refused.
 */
import { colourKey } from '../colour-card/index.tsx';
import { isMessageKey, useI18n } from '../../lib/i18n.ts';

export type ScanOutcome =
  | { kind: 'answer'; text: string; answer: Record<string, unknown>; at: number }
  | { kind: 'refused'; text: string; code: string; reason: string; at: number }
  | {
      kind: 'offline';
      text: string;
      signature: string;
      name: string | undefined;
      codeKind: string;
      reason: string | undefined;
      /** The first error's code (e.g. CREDENTIAL_REVOKED), as the reason's stable form. */
      code?: string | undefined;
      at: number;
    };

/** Leaf fields of an answer as [dotted path, value] (arrays summarised by count). */
export function answerFields(answer: Record<string, unknown>, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(answer)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (key === 'colour' || v === null || v === undefined) continue;
    if (Array.isArray(v)) out.push([key, String(v.length)]);
    else if (typeof v === 'object') out.push(...answerFields(v as Record<string, unknown>, key));
    else out.push([key, String(v)]);
  }
  return out;
}

export function ScanResult(props: { outcome: ScanOutcome }) {
  const { t } = useI18n();
  const o = props.outcome;
  const label = (path: string) => {
    const key = `scanField.${path}`;
    return isMessageKey(key) ? t(key) : path;
  };
  if (o.kind === 'refused') {
    return (
      <section class="scan-result refused" role="alert" data-outcome="refused" data-code={o.code}>
        <h2 class="scan-colour">{t('scan.refused')}</h2>
        <p class="scan-reason">{o.reason}</p>
      </section>
    );
  }
  if (o.kind === 'offline') {
    return (
      <section
        class="scan-result offline"
        role="status"
        data-outcome="offline"
        data-signature={o.signature}
        data-code={o.code}
      >
        <h2 class="scan-colour">{t(`scan.signature.${o.signature}` as 'scan.signature.valid')}</h2>
        {o.name && <p class="scan-name">{o.name}</p>}
        {o.reason && <p class="scan-reason">{o.reason}</p>}
        <p class="fine">{t('scan.offlineNote')}</p>
      </section>
    );
  }
  const colour = typeof o.answer.colour === 'string' ? o.answer.colour : null;
  const fields = answerFields(o.answer);
  return (
    <section
      class={`scan-result colour-${colour ?? 'none'}`}
      role="status"
      data-outcome="answer"
      data-colour={colour ?? ''}
    >
      <h2 class="scan-colour">{colour ? t(colourKey(colour)) : t('scan.noColour')}</h2>
      <dl class="scan-fields">
        {fields.map(([k, v]) => (
          <div key={k} class="scan-field" data-field={k}>
            <dt>{label(k)}</dt>
            <dd>{v === 'true' ? t('scan.yes') : v === 'false' ? t('scan.no') : v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
