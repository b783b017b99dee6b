/**
 * `linkage evaluate`: the decisions against a truth file (record_id,site,person_id[,noise];
 * person_id empty for a person not in the registry): precision and recall of the auto-links,
 * the share of records sent to review, and the confusion by SPEC §7 category.
 */
import fs from 'node:fs';
import { CsvParser, type CsvRecord } from '../registry/index.ts';
import { exportRows } from './export.ts';
import type { Db } from './repository.ts';

export interface Confusion {
  records: number;
  linkedRight: number;
  linkedWrong: number;
  review: number;
  /** Unmatched although the person is in the registry. */
  missed: number;
  /** Unmatched, and rightly: the person is not in the registry. */
  rightlyUnmatched: number;
}

export interface Evaluation {
  records: number;
  /** Records whose person is in the registry (per the truth). */
  linkable: number;
  autoLinked: number;
  /** Correct auto-links / auto-links. */
  precision: number;
  /** Correct auto-links / linkable. */
  recall: number;
  /** Linkable records either linked correctly or queued for review / linkable. */
  linkedOrQueued: number;
  /** Records in the review queue / records. */
  reviewShare: number;
  /** Review candidates that are the right person / review records with a linkable truth. */
  reviewCandidateRight: number;
  /** Records of the export missing from the truth file. */
  notInTruth: number;
  byCategory: Record<string, Confusion>;
}

async function readTruth(file: string): Promise<Map<string, string>> {
  const truth = new Map<string, string>();
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  let cols: { record: number; site: number; person: number } | null = null;
  const take = (r: CsvRecord) => {
    if (cols === null) {
      const names = r.fields.map((f) => f.trim().toLowerCase());
      cols = {
        record: names.indexOf('record_id'),
        site: names.indexOf('site'),
        person: names.indexOf('person_id'),
      };
      if (cols.record < 0 || cols.site < 0 || cols.person < 0)
        throw new Error(`truth file "${file}" needs the columns record_id,site,person_id`);
      return;
    }
    truth.set(`${r.fields[cols.site]}\u0000${r.fields[cols.record]}`, r.fields[cols.person] ?? '');
  };
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    parser.push(chunk as string, out);
    for (const r of out) take(r);
    out.length = 0;
  }
  parser.end(out);
  for (const r of out) take(r);
  return truth;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 100000) / 100000);

export async function evaluateLinkage(db: Db, truthFile: string): Promise<Evaluation> {
  const truth = await readTruth(truthFile);
  const byCategory: Record<string, Confusion> = {};
  let records = 0;
  let linkable = 0;
  let autoLinked = 0;
  let autoRight = 0;
  let queuedLinkable = 0;
  let review = 0;
  let reviewRight = 0;
  let notInTruth = 0;
  for await (const r of exportRows(db)) {
    const expected = truth.get(`${r.site}\u0000${r.recordId}`);
    if (expected === undefined) {
      notInTruth++;
      continue;
    }
    records++;
    const c = (byCategory[r.check] ??= {
      records: 0,
      linkedRight: 0,
      linkedWrong: 0,
      review: 0,
      missed: 0,
      rightlyUnmatched: 0,
    });
    c.records++;
    if (expected !== '') linkable++;
    if (r.decision === 'linked') {
      autoLinked++;
      if (r.idNumber === expected) {
        autoRight++;
        c.linkedRight++;
      } else c.linkedWrong++;
    } else if (r.decision === 'review') {
      review++;
      c.review++;
      if (expected !== '') queuedLinkable++;
      if (expected !== '' && r.candidate === expected) reviewRight++;
    } else if (expected !== '') c.missed++;
    else c.rightlyUnmatched++;
  }
  return {
    records,
    linkable,
    autoLinked,
    precision: ratio(autoRight, autoLinked),
    recall: ratio(autoRight, linkable),
    linkedOrQueued: ratio(autoRight + queuedLinkable, linkable),
    reviewShare: ratio(review, records),
    reviewCandidateRight: ratio(reviewRight, queuedLinkable),
    notInTruth,
    byCategory,
  };
}
