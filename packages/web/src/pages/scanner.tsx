/**
 * The scanner (venue staff, checkpoint officer, health officer): the camera, image upload and a
 * keyboard-wedge reader all feed one handler. Online, the platform answers for the scanner's role;
 * offline, the library's read() checks the code against the cached trust list and says what it
 * can (no colour: that needs the platform). The cached data's age and the shift's scan count show.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { maskFullName } from '@oneqr/qr';
import { api, ApiError, OFFLINE } from '../lib/api.ts';
import { startCamera, type CameraScan } from '../lib/camera.ts';
import { decodeImageFile } from '../lib/decoder.ts';
import { errorText, reasonText } from '../lib/errors.ts';
import { formatAge } from '../lib/format.ts';
import { useI18n } from '../lib/i18n.ts';
import { navigate, onLinkClick } from '../lib/router.ts';
import { offlineState, readOffline, refreshOfflineData, type OfflineState } from '../lib/offline-data.ts';
import { countScan, currentShift, newShift, type Shift } from '../lib/shift.ts';
import { KEYS, activeSession, remove } from '../lib/storage.ts';
import { splitWedge } from '../lib/wedge.ts';
import { useCheckins } from '../lib/use-checkins.ts';
import { ScanResult, type ScanOutcome } from '../components/scan-result/index.tsx';

/** A code the camera keeps seeing, with gaps shorter than this, is one scan. */
const REPEAT_MS = 4000;
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

export default function Scanner() {
  const { t } = useI18n();
  const session = activeSession(KEYS.scanner);
  useEffect(() => {
    if (!session) navigate('/scanner/sign-in', { replace: true });
  }, [session]);
  if (!session) return <p>{t('scanner.signedOut')}</p>;
  return <ScannerView token={session.token} />;
}

function ScannerView(props: { token: string }) {
  const { t } = useI18n();
  const [outcomes, setOutcomes] = useState<ScanOutcome[]>([]);
  const [offline, setOffline] = useState<OfflineState>(offlineState);
  const [shift, setShift] = useState<Shift>(currentShift);
  const [camera, setCamera] = useState<'starting' | 'on' | 'off' | 'failed'>('starting');
  const [frames, setFrames] = useState(0);
  const [uploadNote, setUploadNote] = useState<string | undefined>();
  const [wedge, setWedge] = useState('');
  const [expired, setExpired] = useState(false);
  const [latency, setLatency] = useState<number | undefined>();
  const video = useRef<HTMLVideoElement>(null);
  const scan = useRef<CameraScan | undefined>(undefined);
  const last = useRef<{ text: string; at: number } | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const readyAt = useRef<number | undefined>(undefined);
  const checkins = useCheckins(props.token);

  useEffect(() => {
    void refreshOfflineData().then(setOffline);
    const timer = setInterval(() => setOffline((o) => ({ ...o })), 30_000); // ages tick
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    void start();
    return () => scan.current?.stop();
  }, []);

  async function start(): Promise<void> {
    if (!video.current) return;
    setCamera('starting');
    try {
      scan.current = await startCamera(
        video.current,
        (codes) => {
          for (const c of codes) submit(c, 'camera');
        },
        (s) => {
          readyAt.current ??= s.readyAt;
          setFrames(s.framesDecoded);
        },
      );
      setCamera('on');
    } catch {
      setCamera('failed');
    }
  }

  function stop(): void {
    scan.current?.stop();
    scan.current = undefined;
    setCamera('off');
  }

  /** Queues one code; codes are handled one after another in arrival order. */
  function submit(raw: string, source: 'camera' | 'upload' | 'wedge'): void {
    const text = raw.normalize('NFC');
    const now = Date.now();
    const seen = last.current?.text === text && now - last.current.at < REPEAT_MS;
    // A code held in front of the camera is one scan however long it stays (the window slides).
    last.current = { text, at: now };
    if (source === 'camera' && seen) return;
    const detectedAt = performance.now();
    queue.current = queue.current.then(() => handle(text, detectedAt)).catch(() => undefined);
  }

  async function handle(text: string, detectedAt: number): Promise<void> {
    setShift(countScan());
    const at = Date.now();
    let outcome: ScanOutcome;
    try {
      const answer = await api<Record<string, unknown>>('/v1/scan', { body: { text }, token: props.token });
      outcome = { kind: 'answer', text, answer, at };
    } catch (err) {
      if (err instanceof ApiError && err.code === OFFLINE) {
        outcome = await offlineOutcome(text, at);
      } else if (err instanceof ApiError && err.status === 401) {
        setExpired(true);
        outcome = await offlineOutcome(text, at);
      } else if (err instanceof ApiError && err.code.startsWith('SCAN_')) {
        const reason = typeof err.details.reason === 'string' ? err.details.reason : undefined;
        outcome = {
          kind: 'refused',
          text,
          code: err.code,
          reason: reasonText(reason, errorText(err, t), t),
          at,
        };
      } else {
        outcome = {
          kind: 'refused',
          text,
          code: err instanceof ApiError ? err.code : 'ERROR',
          reason: errorText(err, t),
          at,
        };
      }
    }
    setOutcomes((old) => [outcome, ...old].slice(0, 10));
    // A code the platform refused is no visit; offline, the platform decides when the event syncs.
    if (outcome.kind !== 'refused') await checkins.record(text);
    // From the decoded frame to the answer on screen (the benchmark reads it).
    setLatency(Math.round(performance.now() - detectedAt));
  }

  async function offlineOutcome(text: string, at: number): Promise<ScanOutcome> {
    const r = await readOffline(text);
    const f = (r.fields ?? {}) as Record<string, unknown>;
    const name = typeof f.fullName === 'string' ? maskFullName(f.fullName) : undefined;
    const first = r.errors[0];
    return {
      kind: 'offline',
      text,
      signature: r.kind === 'unknown' ? 'unknown' : r.signature.state,
      name,
      codeKind: r.kind,
      reason: first ? reasonText(first.code, first.message, t) : undefined,
      code: first?.code,
      at,
    };
  }

  async function onFiles(e: { currentTarget: HTMLInputElement }): Promise<void> {
    // currentTarget is cleared once the event is dispatched: keep the input for after the awaits.
    const input = e.currentTarget;
    const files = [...(input.files ?? [])];
    setUploadNote(undefined);
    let found = 0;
    for (const file of files) {
      try {
        const codes = await decodeImageFile(file);
        found += codes.length;
        for (const c of codes) submit(c, 'upload');
      } catch {
        setUploadNote(t('scanner.uploadUnreadable', { name: file.name }));
        return;
      }
    }
    setUploadNote(found === 0 ? t('scanner.uploadNone') : t('scanner.uploadFound', { n: found }));
    input.value = '';
  }

  function onWedgeInput(value: string): void {
    const { codes, rest } = splitWedge(value);
    for (const c of codes) submit(c, 'wedge');
    setWedge(rest);
  }

  function signOut(): void {
    // Queued check-ins stay on the device and go with the next sign-in's token: say so first.
    if (checkins.pending > 0 && !confirm(t('checkins.signOutPending', { n: checkins.pending }))) return;
    stop();
    // Revoked on the platform too, so the token cannot be reused from a copy of this device.
    void api('/v1/token/revoke', { method: 'POST', token: props.token }).catch(() => undefined);
    remove(KEYS.scanner);
    navigate('/', { replace: true });
  }

  const latest = outcomes[0];
  return (
    <>
      <h1>{t('scanner.title')}</h1>
      {expired && (
        <p class="stale" role="alert">
          {t('scanner.expired')}{' '}
          <a href="/scanner/sign-in" onClick={onLinkClick}>
            {t('scannerSignIn.title')}
          </a>
        </p>
      )}
      <div class="scanner-layout">
        <section class="scanner-camera" aria-labelledby="camera-title">
          <h2 id="camera-title" class="visually-hidden">
            {t('scanner.camera')}
          </h2>
          <video
            ref={video}
            class="camera"
            muted
            playsInline
            aria-label={t('scanner.camera')}
            data-camera={camera}
            data-frames={frames}
            data-ready-ms={readyAt.current === undefined ? '' : String(Math.round(readyAt.current))}
          />
          <p class="fine" role="status">
            {camera === 'failed'
              ? t('scanner.cameraFailed')
              : camera === 'on'
                ? t('scanner.cameraOn')
                : t('shell.loading')}
          </p>
          {camera === 'on' ? (
            <button type="button" class="secondary" onClick={stop}>
              {t('scanner.stopCamera')}
            </button>
          ) : (
            <button type="button" class="secondary" onClick={() => void start()}>
              {t('scanner.startCamera')}
            </button>
          )}
        </section>
        <section
          class="scanner-result"
          aria-live="polite"
          aria-labelledby="result-title"
          data-latency-ms={latency === undefined ? '' : String(latency)}
        >
          <h2 id="result-title" class="visually-hidden">
            {t('scanner.result')}
          </h2>
          {latest ? <ScanResult outcome={latest} /> : <p class="scan-waiting">{t('scanner.waiting')}</p>}
        </section>
      </div>
      <section class="scanner-inputs">
        <label for="wedge">{t('scanner.wedge')}</label>
        <input
          id="wedge"
          autoFocus
          autoComplete="off"
          spellcheck={false}
          value={wedge}
          aria-describedby="wedge-hint"
          onInput={(e) => onWedgeInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onWedgeInput(`${e.currentTarget.value}\r`);
            }
          }}
        />
        <p id="wedge-hint" class="hint">
          {t('scanner.wedgeHint')}
        </p>
        <label for="upload">{t('scanner.upload')}</label>
        <input id="upload" type="file" accept={ACCEPT} multiple onChange={(e) => void onFiles(e)} />
        {uploadNote && (
          <p class="hint" role="status">
            {uploadNote}
          </p>
        )}
      </section>
      <fieldset class="scanner-checkins" data-testid="checkins">
        <legend>{t('checkins.legend')}</legend>
        <label class="radio">
          <input
            type="checkbox"
            id="checkin-on"
            checked={checkins.settings.on}
            onChange={(e) => checkins.setSettings({ ...checkins.settings, on: e.currentTarget.checked })}
          />{' '}
          {t('checkins.record')}
        </label>
        {(['in', 'out'] as const).map((d) => (
          <label class="radio" key={d}>
            <input
              type="radio"
              name="checkin-direction"
              value={d}
              checked={checkins.settings.direction === d}
              disabled={!checkins.settings.on}
              onChange={() => checkins.setSettings({ ...checkins.settings, direction: d })}
            />{' '}
            {t(d === 'in' ? 'checkins.in' : 'checkins.out')}
          </label>
        ))}
        <p role="status" data-testid="checkins-pending" data-pending={checkins.pending}>
          {t('checkins.pending', { n: checkins.pending })}
        </p>
        <p data-testid="checkins-sent" data-sent={checkins.sent}>
          {t('checkins.sent', { n: checkins.sent })}
        </p>
        {checkins.storeFailed && (
          <p class="error" role="alert">
            {t('checkins.storeFailed')}
          </p>
        )}
        {checkins.rejected > 0 && (
          <p class="stale" data-testid="checkins-rejected">
            {t('checkins.rejected', { n: checkins.rejected })}
          </p>
        )}
      </fieldset>
      <section class="scanner-status" aria-label={t('scanner.status')}>
        <p data-testid="shift">
          {t('scanner.shift', { n: shift.scans })}{' '}
          <button type="button" class="link" onClick={() => setShift(newShift())}>
            {t('scanner.newShift')}
          </button>
        </p>
        <p data-testid="trust-age">
          {offline.trustFetchedAt === undefined
            ? t('scanner.trustNone')
            : t('scanner.trustAge', { age: formatAge(offline.trustFetchedAt, t) })}
        </p>
        <p data-testid="rules-age">
          {offline.rulesFetchedAt === undefined
            ? t('scanner.rulesNone')
            : t('scanner.rulesAge', { age: formatAge(offline.rulesFetchedAt, t) })}
        </p>
        {offline.refreshError && <p class="stale">{t('scanner.refreshFailed')}</p>}
        <button type="button" class="secondary" onClick={signOut}>
          {t('scanner.signOut')}
        </button>
      </section>
      {outcomes.length > 1 && (
        <section aria-labelledby="earlier-title">
          <h2 id="earlier-title">{t('scanner.earlier')}</h2>
          <ol class="earlier">
            {outcomes.slice(1).map((o) => (
              <li key={o.at + o.text}>
                <ScanResult outcome={o} />
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
