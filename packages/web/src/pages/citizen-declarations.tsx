/**
 * Declarations (SPEC §6): the health and movement forms drawn from the platform's versioned form
 * definitions (GET /v1/declarations/forms: no field is written here), for oneself or on behalf of
 * a family member registered under one's QID. The server's per-field errors (details.errors, one
 * code per field) show next to their field in the person's language; a movement declaration's
 * signed QR (valid 72 h) is shown large, and the list of one's declarations below.
 */
import { useEffect, useState } from 'preact/hooks';
import {
  PROVINCES,
  applicableAnswers,
  fieldApplies,
  fieldRequired,
  type FormDefinition,
  type FormField,
} from '@oneqr/qr';
import { api, ApiError } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { formatInstant } from '../lib/format.ts';
import { isMessageKey, useI18n, type Lang, type Translate } from '../lib/i18n.ts';
import { ErrorText } from '../components/error-text/index.tsx';
import { QrSymbol } from '../components/qr-symbol/index.tsx';
import { RequireCitizen } from '../components/require-citizen/index.tsx';

interface Declaration {
  id: string;
  form: string;
  version: number;
  idNumber: string;
  onBehalf: boolean;
  createdAt: string;
  qr: { payload: string; expiresAt: string } | null;
}

interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** What the inputs hold: text for most types, a list for the multiple choices. */
type Draft = Record<string, string | string[]>;

/** The platform's labels are bilingual, "Vietnamese / English": the person's half. */
export function bilingual(label: string, lang: Lang): string {
  const parts = label.split(' / ');
  return (lang === 'en' ? parts[1] : parts[0]) ?? label;
}

/** The newest version of each form. */
export function latestForms(forms: readonly FormDefinition[]): FormDefinition[] {
  const out = new Map<string, FormDefinition>();
  for (const f of forms) if ((out.get(f.form)?.version ?? 0) < f.version) out.set(f.form, f);
  return [...out.values()];
}

const valueText = (v: string, t: Translate): string => {
  const key = `declarations.value.${v}`;
  return isMessageKey(key) ? t(key) : v;
};

const list = (s: string): string[] =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '');

/** The draft as the platform's answers (booleans, lists), empty fields left out. */
function answersOf(def: FormDefinition, draft: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = draft[f.name];
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (f.type === 'boolean') out[f.name] = v === 'true';
    else if (f.type === 'provinces' || f.type === 'id-numbers') out[f.name] = list(String(v));
    else out[f.name] = v;
  }
  return out;
}

export default function DeclarationsPage() {
  return <RequireCitizen>{(token) => <DeclarationsView token={token} />}</RequireCitizen>;
}

function DeclarationsView(props: { token: string }) {
  const { t, lang } = useI18n();
  const [forms, setForms] = useState<FormDefinition[] | undefined>();
  const [chosen, setChosen] = useState<string>('health');
  const [draft, setDraft] = useState<Draft>({});
  const [onBehalf, setOnBehalf] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [mine, setMine] = useState<Declaration[] | undefined>();
  const [latest, setLatest] = useState<Declaration | undefined>();
  const [done, setDone] = useState(false);

  const refresh = () =>
    api<{ declarations: Declaration[] }>('/v1/me/declarations', { token: props.token }).then(
      (r) => setMine(r.declarations),
      (err: unknown) => setError(errorText(err, t)),
    );

  useEffect(() => {
    api<{ forms: FormDefinition[] }>('/v1/declarations/forms').then(
      (r) => setForms(latestForms(r.forms)),
      (err: unknown) => setError(errorText(err, t)),
    );
    void refresh();
  }, [props.token]);

  const def = forms?.find((f) => f.form === chosen);
  const answers = def ? answersOf(def, draft) : {};

  const choose = (form: string) => {
    setChosen(form);
    setDraft({});
    setFieldErrors([]);
    setError(undefined);
    setDone(false);
  };

  async function submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!def) return;
    setBusy(true);
    setError(undefined);
    setFieldErrors([]);
    setDone(false);
    try {
      const body: Record<string, unknown> = {
        form: def.form,
        version: def.version,
        answers: applicableAnswers(def, answers),
      };
      if (onBehalf.trim() !== '') body.idNumber = onBehalf.trim();
      const d = await api<Declaration>('/v1/me/declarations', { body, token: props.token });
      setLatest(d);
      setDone(true);
      setDraft({});
      await refresh();
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.details.errors)) {
        setFieldErrors(err.details.errors as FieldError[]);
        setError(t('declarations.fixFields'));
      } else if (err instanceof ApiError && err.details.field === 'idNumber') {
        setFieldErrors([{ field: 'idNumber', code: err.code, message: err.message }]);
        setError(errorText(err, t));
      } else setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  const errorsOf = (name: string) => fieldErrors.filter((x) => x.field === name);
  const codeText = (x: FieldError): string => {
    const key = `declarations.code.${x.code}`;
    if (isMessageKey(key)) return t(key);
    const err = `error.${x.code}`;
    return isMessageKey(err) ? t(err) : x.message;
  };
  const fieldErrorsOf = (name: string) => {
    const es = errorsOf(name);
    if (es.length === 0) return null;
    return (
      <p class="error field-error" id={`err-${name}`} data-field-error={name} data-code={es[0]!.code}>
        {es.map(codeText).join(' ')}
      </p>
    );
  };
  const described = (name: string) =>
    errorsOf(name).length > 0 ? { 'aria-invalid': true, 'aria-describedby': `err-${name}` } : {};
  const set = (name: string, v: string | string[]) => setDraft({ ...draft, [name]: v });
  const unknownField = fieldErrors.filter(
    (x) => !def?.fields.some((f) => f.name === x.field) && x.field !== 'idNumber',
  );

  return (
    <>
      <h1>{t('declarations.title')}</h1>
      {forms && (
        <fieldset class="form declaration-choice">
          <legend>{t('declarations.choose')}</legend>
          {forms.map((f) => (
            <label class="radio" key={f.form}>
              <input
                type="radio"
                name="declaration-form"
                value={f.form}
                checked={chosen === f.form}
                onChange={() => choose(f.form)}
              />{' '}
              {bilingual(f.title, lang)}
            </label>
          ))}
        </fieldset>
      )}
      {def && (
        <form
          class="form declaration-form"
          data-form={def.form}
          data-version={def.version}
          onSubmit={(e) => void submit(e)}
          noValidate
        >
          <h2>{bilingual(def.title, lang)}</h2>
          <label for="on-behalf">{t('declarations.onBehalf')}</label>
          <input
            id="on-behalf"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={onBehalf}
            onInput={(e) => setOnBehalf(e.currentTarget.value)}
            aria-describedby={
              errorsOf('idNumber').length > 0 ? 'err-idNumber on-behalf-hint' : 'on-behalf-hint'
            }
            {...(errorsOf('idNumber').length > 0 ? { 'aria-invalid': true } : {})}
          />
          <p class="hint" id="on-behalf-hint">
            {t('declarations.onBehalfHint')}
          </p>
          {fieldErrorsOf('idNumber')}
          {def.fields
            .filter((f) => fieldApplies(f, answers))
            .map((f) => (
              <div class="declaration-field" key={`${def.form}-${f.name}`} data-field={f.name}>
                <FieldInput
                  f={f}
                  value={draft[f.name]}
                  required={fieldRequired(f, answers)}
                  lang={lang}
                  t={t}
                  set={set}
                  described={described(f.name)}
                />
                {fieldErrorsOf(f.name)}
              </div>
            ))}
          {unknownField.map((x) => (
            <p class="error" key={x.field}>
              {x.field}: {codeText(x)}
            </p>
          ))}
          <ErrorText error={error} />
          <button type="submit" id="submit-declaration" disabled={busy}>
            {t('declarations.submit')}
          </button>
          {done && (
            <p role="status" class="declaration-done">
              {t('declarations.done')}
            </p>
          )}
        </form>
      )}
      {latest?.qr && (
        <section class="declaration-qr-card" aria-labelledby="declaration-qr-title">
          <h2 id="declaration-qr-title">{t('declarations.qrTitle')}</h2>
          <div class="my-qr-symbol">
            <QrSymbol
              text={latest.qr.payload}
              label={t('declarations.qrLabel')}
              class="qr-large declaration-qr"
            />
          </div>
          <p class="fine">
            {t('declarations.qrValid', { expires: formatInstant(latest.qr.expiresAt, lang) })}
          </p>
        </section>
      )}
      <h2 id="my-declarations-title">{t('declarations.mine')}</h2>
      {mine && mine.length === 0 && <p data-testid="declarations-empty">{t('declarations.none')}</p>}
      {mine && mine.length > 0 && (
        <ul class="my-declarations" data-count={mine.length} aria-labelledby="my-declarations-title">
          {mine.map((d) => (
            <li key={d.id} data-declaration={d.id} data-form={d.form}>
              <strong>
                {t(d.form === 'movement' ? 'declarations.kind.movement' : 'declarations.kind.health')}
              </strong>{' '}
              {formatInstant(d.createdAt, lang)}
              {d.onBehalf && <> · {t('declarations.forPerson', { id: d.idNumber })}</>}
              {d.qr && (
                <>
                  {' '}
                  ·{' '}
                  <button type="button" class="link" onClick={() => setLatest(d)}>
                    {t('declarations.showQr')}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One field's input, by the type the definition gives it. */
function FieldInput(props: {
  f: FormField;
  value: string | string[] | undefined;
  required: boolean;
  lang: Lang;
  t: Translate;
  set: (name: string, v: string | string[]) => void;
  described: Record<string, unknown>;
}) {
  const { f, t, set } = props;
  const id = `field-${f.name}`;
  const label = bilingual(f.label, props.lang);
  const mark = props.required ? <span class="required"> ({t('declarations.required')})</span> : null;
  const text = typeof props.value === 'string' ? props.value : '';
  if (f.type === 'boolean' || f.type === 'choices') {
    const chosen = Array.isArray(props.value) ? props.value : [];
    return (
      <fieldset id={id} {...props.described}>
        <legend>
          {label}
          {mark}
        </legend>
        {f.type === 'boolean'
          ? (['true', 'false'] as const).map((v) => (
              <label class="radio" key={v}>
                <input
                  type="radio"
                  name={id}
                  value={v}
                  checked={text === v}
                  onChange={() => set(f.name, v)}
                />{' '}
                {t(v === 'true' ? 'declarations.yes' : 'declarations.no')}
              </label>
            ))
          : (f.values ?? []).map((v) => (
              <label class="radio" key={v}>
                <input
                  type="checkbox"
                  name={id}
                  value={v}
                  checked={chosen.includes(v)}
                  onChange={(e) =>
                    set(f.name, e.currentTarget.checked ? [...chosen, v] : chosen.filter((x) => x !== v))
                  }
                />{' '}
                {valueText(v, t)}
              </label>
            ))}
      </fieldset>
    );
  }
  const common = {
    id,
    value: text,
    ...props.described,
    ...(props.required ? { 'aria-required': true } : {}),
  };
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
    set(f.name, e.currentTarget.value);
  let input;
  if (f.type === 'choice' || f.type === 'province') {
    const options =
      f.type === 'choice'
        ? (f.values ?? []).map((v) => ({ value: v, text: valueText(v, t) }))
        : PROVINCES.map((p) => ({ value: p.code.slice(1), text: p.name }));
    input = (
      <select {...common} onChange={onInput}>
        <option value="">{t('declarations.pick')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  } else {
    const hint = f.type === 'provinces' || f.type === 'id-numbers' ? t('declarations.listHint') : undefined;
    input = (
      <>
        <input
          {...common}
          type={f.type === 'date' ? 'date' : 'text'}
          maxLength={f.maxLength}
          autoComplete="off"
          onInput={onInput}
        />
        {hint && <span class="hint">{hint}</span>}
      </>
    );
  }
  return (
    <>
      <label for={id}>
        {label}
        {mark}
      </label>
      {input}
    </>
  );
}
