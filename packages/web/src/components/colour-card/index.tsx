/**
 * The status colour card (SPEC §5) beside the QR: the colour, the province rule set and the clause
 * that decided it, in plain words, and the facts it used. The faint default green of a province
 * without its own rules looks visibly different from the green card.
 */
import { useI18n, isMessageKey, type MessageKey } from '../../lib/i18n.ts';
import { formatInstant, provinceName } from '../../lib/format.ts';

export type Colour = 'green' | 'yellow' | 'red' | 'default-green';

export interface HealthCard {
  at: string;
  colour: Colour;
  rule: { id: string; version: number; province: string | null; clause: string; name: string };
  basis: {
    doses: number;
    lastDoseOn: string | null;
    lastTest: { testType: string; result: string; sampledAt: string } | null;
    caseStatus: string | null;
  };
}

export function colourKey(colour: string | null | undefined): MessageKey {
  const key = `colour.${colour ?? 'unknown'}`;
  return isMessageKey(key) ? key : 'colour.unknown';
}

export function ColourCard(props: { card: HealthCard; stale?: string | undefined }) {
  const { t, lang } = useI18n();
  const { card } = props;
  const clauseKey = `clause.${card.rule.clause}`;
  const province = provinceName(card.rule.province);
  return (
    <section
      class={`colour-card colour-${card.colour}`}
      aria-labelledby="colour-card-title"
      data-colour={card.colour}
    >
      <h2 id="colour-card-title" class="colour-card-title">
        {t(colourKey(card.colour))}
      </h2>
      <p class="colour-card-why">{isMessageKey(clauseKey) ? t(clauseKey) : card.rule.clause}</p>
      <dl class="colour-card-facts">
        <dt>{t('card.rule')}</dt>
        <dd>
          {card.rule.name}
          {province ? ` — ${province}` : ` — ${t('card.national')}`} (
          {t('card.version', { n: card.rule.version })})
        </dd>
        <dt>{t('card.doses')}</dt>
        <dd>
          {card.basis.doses}
          {card.basis.lastDoseOn ? ` (${t('card.lastDose', { date: card.basis.lastDoseOn })})` : ''}
        </dd>
        {card.basis.lastTest && (
          <>
            <dt>{t('card.lastTest')}</dt>
            <dd>
              {card.basis.lastTest.testType.toUpperCase()}{' '}
              {t(card.basis.lastTest.result === 'negative' ? 'card.negative' : 'card.positive')},{' '}
              {formatInstant(card.basis.lastTest.sampledAt, lang)}
            </dd>
          </>
        )}
        <dt>{t('card.at')}</dt>
        <dd>{formatInstant(card.at, lang)}</dd>
      </dl>
      {props.stale && <p class="stale">{props.stale}</p>}
    </section>
  );
}
