/** Print view: the personal QR at 5 × 5 cm (Hà Nội rule, SPEC §2), the name and the issuing app. */
import { useI18n } from '../lib/i18n.ts';
import { onLinkClick } from '../lib/router.ts';
import { KEYS, load } from '../lib/storage.ts';
import { brandOf } from '../lib/brands.ts';
import { QrSymbol } from '../components/qr-symbol/index.tsx';
import type { MyQr } from './my-qr.tsx';

export default function PrintQr() {
  const { t } = useI18n();
  const qr = load<MyQr>(KEYS.myQr);
  if (!qr) {
    return (
      <p>
        {t('print.none')}{' '}
        <a href="/citizen/qr" onClick={onLinkClick}>
          {t('myQr.title')}
        </a>
      </p>
    );
  }
  return (
    <>
      <h1 class="no-print">{t('print.title')}</h1>
      <p class="no-print">{t('print.lead')}</p>
      <figure class="print-sheet">
        <QrSymbol text={qr.payload} label={t('myQr.qrLabel')} class="qr-print" />
        <figcaption>
          {qr.payload.split('|')[1]} · {brandOf(qr.issuer.id, qr.issuer.name).name}
        </figcaption>
      </figure>
      <div class="actions no-print">
        <button type="button" onClick={() => print()}>
          {t('print.print')}
        </button>
        <a class="button secondary" href="/citizen/qr" onClick={onLinkClick}>
          {t('print.back')}
        </a>
      </div>
    </>
  );
}
