/** The issuing app's identity bar (name, owner, colours) above what it issued. */
import type { ComponentChildren } from 'preact';
import { brandOf } from '../../lib/brands.ts';
import { useI18n } from '../../lib/i18n.ts';

export function AppBrand(props: {
  issuerId: string;
  name?: string | undefined;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  const brand = brandOf(props.issuerId, props.name);
  return (
    <section class={`app-brand ${brand.className}`} aria-label={t('brand.issuedBy', { app: brand.name })}>
      <div class="app-brand-bar">
        <span class="app-brand-mark" aria-hidden="true">
          {brand.name.slice(0, 1)}
        </span>
        <span class="app-brand-name">{brand.name}</span>
        <span class="app-brand-owner">{t(brand.ownerKey)}</span>
      </div>
      {props.children}
    </section>
  );
}
