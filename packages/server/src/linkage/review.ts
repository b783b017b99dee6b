/**
 * The review queue of health officers: list the doubtful records with their candidates; accept
 * the proposed person, reject (no link), or correct (link to another registered person). Each
 * action is appended to link_reviews (who, when, what) and applied to the record's link; a
 * linked dose is then recorded in the health domain.
 */
import crypto from 'node:crypto';
import type { ReviewItem } from '@oneqr/qr';
import { HttpError } from '../errors.ts';
import { findPerson } from '../registry/service.ts';
import type { Scored } from './score.ts';
import {
  inTransaction,
  insertReview,
  selectDoseRecord,
  selectLink,
  selectReviewPage,
  selectReviews,
  upsertLinks,
  type Db,
} from './repository.ts';
import { applyLinkedDoses } from './run.ts';

export const REVIEW_ACTIONS = ['accept', 'reject', 'correct'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

/** A queue entry: the wire shape the review page reads (@oneqr/qr). */
export type { ReviewItem } from '@oneqr/qr';

/** The queue, oldest record key first, `limit` at a time after the (site, recordId) cursor. */
export async function listReviewQueue(
  db: Db,
  opts: { limit?: number; after?: { site: string; recordId: string } | null } = {},
): Promise<ReviewItem[]> {
  const rows = await selectReviewPage(db, opts.after ?? null, Math.min(500, opts.limit ?? 50));
  return rows.map((r) => {
    const f = JSON.parse(r.features) as { reason: string; candidates: Scored[] };
    return {
      site: r.site,
      recordId: r.record_id,
      idNumber: r.id_number,
      fullName: r.full_name,
      birthDate: r.birth_date,
      gender: r.gender,
      phone: r.phone,
      vaccineCode: r.vaccine_code,
      vaccinationDate: r.vaccination_date,
      doseNumber: r.dose_number,
      score: r.score,
      reason: f.reason,
      candidates: f.candidates,
    };
  });
}

export interface ReviewDecision {
  site: string;
  recordId: string;
  action: ReviewAction;
  /** For `correct`: the registered person the dose belongs to. */
  personId?: string | undefined;
  /** The officer (client id). */
  officer: string;
  note?: string | undefined;
}

export interface ReviewOutcome {
  decision: 'linked' | 'unmatched';
  personId: string | null;
  /** The health vaccination recorded for a linked dose. */
  vaccinationId: string | null;
}

/** Applies one review action. Throws HttpError (LINKAGE_*) on a record it cannot apply to. */
export async function reviewRecord(db: Db, input: ReviewDecision, now: Date): Promise<ReviewOutcome> {
  return inTransaction(db, async (trx) => {
    const record = await selectDoseRecord(trx, input.site, input.recordId);
    if (!record) throw new HttpError('LINKAGE_RECORD_NOT_FOUND');
    const link = await selectLink(trx, input.site, input.recordId);
    if (!link) throw new HttpError('LINKAGE_NOT_DECIDED');
    // The health domain has no way to take a dose back: a recorded link stays.
    if (link.vaccination_id !== null && !link.vaccination_id.startsWith('refused:'))
      throw new HttpError('LINKAGE_ALREADY_APPLIED');
    let personId: string | null;
    if (input.action === 'reject') personId = null;
    else if (input.action === 'accept') {
      personId = link.person_id;
      if (personId === null) throw new HttpError('LINKAGE_NO_CANDIDATE');
    } else {
      if (!input.personId) throw new HttpError('LINKAGE_PERSON_REQUIRED', undefined, { field: 'personId' });
      if (!(await findPerson(trx, input.personId)))
        throw new HttpError('LINKAGE_PERSON_NOT_FOUND', undefined, { field: 'personId' });
      personId = input.personId;
    }
    const f = JSON.parse(link.features) as Record<string, unknown>;
    await upsertLinks(trx, [
      {
        ...link,
        decision: personId === null ? 'unmatched' : 'linked',
        category: personId === null ? link.check_result : link.category,
        person_id: personId,
        features: JSON.stringify({
          ...f,
          review: { action: input.action, officer: input.officer, note: input.note ?? null },
        }),
        decided_by: input.officer,
        decided_at: now.getTime(),
        vaccination_id: null,
      },
    ]);
    await insertReview(trx, {
      id: crypto.randomUUID(),
      site: input.site,
      record_id: input.recordId,
      action: input.action,
      person_id: personId,
      officer: input.officer,
      note: input.note ?? null,
      at: now.getTime(),
    });
    let vaccinationId: string | null = null;
    if (personId !== null) {
      await applyLinkedDoses(trx, now, { site: input.site, recordId: input.recordId });
      vaccinationId = (await selectLink(trx, input.site, input.recordId))?.vaccination_id ?? null;
    }
    return { decision: personId === null ? 'unmatched' : 'linked', personId, vaccinationId };
  });
}

/** Every review action on a record, oldest first (the audit trail). */
export async function reviewHistory(db: Db, site: string, recordId: string) {
  return (await selectReviews(db, site, recordId)).map((r) => ({
    action: r.action as ReviewAction,
    personId: r.person_id,
    officer: r.officer,
    note: r.note,
    at: new Date(Number(r.at)).toISOString(),
  }));
}
