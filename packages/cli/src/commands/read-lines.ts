/**
 * `oneqr read --jsonl`: one output line per input line, in input order, verified concurrently on
 * worker threads (one per core; `ONEQR_READ_WORKERS=N` overrides: 0 verifies on the main thread,
 * N > 0 sends every batch to the workers). Lines travel in batches; until a worker has started,
 * the main thread answers batches itself, so a short input never waits for the pool. Output
 * order comes from a FIFO of the batches' answers; the input is paused while too many batches
 * are pending or stdout is full.
 */
import { once } from 'node:events';
import os from 'node:os';
import readline from 'node:readline';
import { Worker } from 'node:worker_threads';
import type {
  DccRevocationBatch,
  ReadContext,
  ShcIssuerKeys,
  TrustListDocument,
  TrustListRevocation,
} from '@oneqr/qr';
import { trustContext, type TrustSources } from '../trust.ts';
import { answerBatch, type BatchAnswer } from './read-line.ts';

/** Lines per message to a worker: enough to amortise the hop, few enough to keep cores busy. */
const BATCH = 128;
/** Batches a worker holds at once. */
const PER_WORKER = 4;
const WORKER_ENTRY = new URL('../../bin/read-worker.js', import.meta.url);

/** What a worker is started with: the checked trust documents, DSC certificates and the default instant. */
export interface ReadWorkerData {
  docs: TrustListDocument[] | undefined;
  dscs: Uint8Array[] | undefined;
  dccRevocations: DccRevocationBatch[] | undefined;
  shc: ShcIssuerKeys[] | undefined;
  revocations: TrustListRevocation[] | undefined;
  at: number | undefined;
}

/** A job a worker answers, and its answer. */
export interface ReadJob {
  id: number;
  first: number;
  lines: string[];
}
export type ReadWorkerMessage = { ready: true } | { id: number; answer: BatchAnswer };

/** Workers to start, and whether they were asked for (then every batch waits for one). */
function workerCount(): { count: number; forced: boolean } {
  const env = process.env.ONEQR_READ_WORKERS;
  if (env !== undefined && /^\d{1,2}$/.test(env)) return { count: Number(env), forced: true };
  const cores = os.availableParallelism();
  return { count: cores > 1 ? cores : 0, forced: false };
}

const answerInline = answerBatch;

interface Slot {
  worker: Worker;
  ready: boolean;
  dead: boolean;
  inFlight: number;
}

/** Worker threads answering batches; a worker that dies has its batches answered inline. */
class ReadPool {
  readonly #slots: Slot[] = [];
  readonly #jobs = new Map<
    number,
    { slot: Slot; job: ReadJob; resolve: (a: Promise<BatchAnswer> | BatchAnswer) => void }
  >();
  readonly #waiting: { job: ReadJob; resolve: (a: Promise<BatchAnswer> | BatchAnswer) => void }[] = [];
  readonly #base: ReadContext;
  readonly #inlineWhileStarting: boolean;
  #nextId = 0;

  constructor(count: number, data: ReadWorkerData, base: ReadContext, inlineWhileStarting: boolean) {
    this.#base = base;
    this.#inlineWhileStarting = inlineWhileStarting;
    for (let i = 0; i < count; i++) {
      const slot: Slot = {
        worker: new Worker(WORKER_ENTRY, { workerData: data }),
        ready: false,
        dead: false,
        inFlight: 0,
      };
      slot.worker.on('message', (m: ReadWorkerMessage) => {
        if ('ready' in m) slot.ready = true;
        else this.#settle(m.id, m.answer);
        this.#drain();
      });
      const lost = (): void => this.#lose(slot);
      slot.worker.on('error', lost);
      slot.worker.on('exit', lost);
      this.#slots.push(slot);
    }
  }

  /** A ready worker with room, else null. */
  #free(): Slot | null {
    let best: Slot | null = null;
    for (const s of this.#slots) {
      if (s.ready && !s.dead && s.inFlight < PER_WORKER && (best === null || s.inFlight < best.inFlight))
        best = s;
    }
    return best;
  }

  /**
   * Answers a batch on a worker with room; while no worker has started (and `inlineWhileStarting`)
   * on this thread; otherwise it waits for a worker.
   */
  run(first: number, lines: string[]): Promise<BatchAnswer> {
    const job: ReadJob = { id: this.#nextId++, first, lines };
    return new Promise((resolve) => {
      const starting = !this.#slots.some((s) => s.ready && !s.dead);
      if (this.#inlineWhileStarting && starting) resolve(answerInline(first, lines, this.#base));
      else {
        this.#waiting.push({ job, resolve });
        this.#drain();
      }
    });
  }

  /** Hands waiting batches to workers with room (or answers them here when no worker is left). */
  #drain(): void {
    const alive = this.#slots.some((s) => !s.dead);
    while (this.#waiting.length > 0) {
      if (!alive) {
        const { job, resolve } = this.#waiting.shift()!;
        resolve(answerInline(job.first, job.lines, this.#base));
        continue;
      }
      const slot = this.#free();
      if (slot === null) return;
      const { job, resolve } = this.#waiting.shift()!;
      slot.inFlight++;
      this.#jobs.set(job.id, { slot, job, resolve });
      slot.worker.postMessage(job);
    }
  }

  #settle(id: number, answer: BatchAnswer): void {
    const j = this.#jobs.get(id);
    if (j === undefined) return;
    this.#jobs.delete(id);
    j.slot.inFlight--;
    j.resolve(answer);
  }

  #lose(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    for (const [id, j] of this.#jobs) {
      if (j.slot !== slot) continue;
      this.#jobs.delete(id);
      j.resolve(answerInline(j.job.first, j.job.lines, this.#base));
    }
    this.#drain();
  }

  async close(): Promise<void> {
    for (const s of this.#slots) s.dead = true;
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }
}

/** Runs the batch over stdin; resolves to the worst exit code of any line (0 for no line). */
export function readJsonLines(sources: TrustSources, at: Date | undefined): Promise<number> {
  const base: ReadContext = { ...trustContext(sources), at };
  const { docs, dscs, dccRevocations, shc, revocations } = sources;
  const { count, forced } = workerCount();
  const data = { docs, dscs, dccRevocations, shc, revocations, at: at?.getTime() };
  const pool = count > 0 ? new ReadPool(count, data, base, !forced) : null;
  const maxPending = Math.max(4, count * PER_WORKER * 2);
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
    const queue: Promise<BatchAnswer>[] = [];
    let line = 0;
    let first = 1;
    let batch: string[] = [];
    let scheduled = false;
    let ended = false;
    let paused = false;
    let writing = false;
    let worst = 0;

    const finish = (): void => {
      void (pool?.close() ?? Promise.resolve()).then(() => resolve(worst));
    };
    const pump = async (): Promise<void> => {
      if (writing) return;
      writing = true;
      while (queue.length > 0) {
        const answer = await queue[0]!;
        queue.shift();
        if (answer.worst > worst) worst = answer.worst;
        if (!process.stdout.write(answer.text)) await once(process.stdout, 'drain');
        if (paused && queue.length <= maxPending / 2) {
          paused = false;
          rl.resume();
        }
      }
      writing = false;
      if (ended && batch.length === 0) finish();
    };
    // A partial batch goes out once the lines that arrived together are all in, so a producer
    // that writes one line and waits for its answer gets it.
    const dispatch = (): void => {
      scheduled = false;
      if (batch.length === 0) return;
      const lines = batch;
      batch = [];
      queue.push(pool === null ? answerInline(first, lines, base) : pool.run(first, lines));
      if (queue.length >= maxPending && !paused) {
        paused = true;
        rl.pause();
      }
      void pump();
    };
    rl.on('line', (raw) => {
      line++;
      if (batch.length === 0) first = line;
      batch.push(raw);
      if (batch.length >= BATCH) dispatch();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(dispatch);
      }
    });
    rl.on('close', () => {
      ended = true;
      dispatch();
      void pump();
    });
  });
}
