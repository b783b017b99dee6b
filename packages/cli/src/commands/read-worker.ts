/** A worker thread of `oneqr read --jsonl` (read-lines.ts): answers batches of lines. */
import { parentPort, workerData } from 'node:worker_threads';
import { trustContext } from '../trust.ts';
import { answerBatch } from './read-line.ts';
import type { ReadJob, ReadWorkerData, ReadWorkerMessage } from './read-lines.ts';

const data = workerData as ReadWorkerData;
const base = {
  ...trustContext(data),
  at: data.at === undefined ? undefined : new Date(data.at),
};
const port = parentPort!;

port.on('message', async (job: ReadJob) => {
  const answer = await answerBatch(job.first, job.lines, base);
  port.postMessage({ id: job.id, answer } satisfies ReadWorkerMessage);
});
port.postMessage({ ready: true } satisfies ReadWorkerMessage);
