/**
 * The linkage domain's functions: importing dose records from sites, linking them to the
 * population register (exact check, blocking, scoring), explaining, exporting and evaluating
 * the decisions, the review queue, and recording linked doses in the health domain.
 */
export {
  DOSE_CSV_HEADER,
  DOSE_COLUMNS,
  DoseImportError,
  importDoseFile,
  importDoseStream,
} from './dose-import.ts';
export type { DoseImportOptions, DoseImportResult, DoseRowError } from './dose-import.ts';
export {
  CATEGORIES,
  CHECK_RESULTS,
  DECISIONS,
  type Category,
  type CheckResult,
  type Decision,
} from './categories.ts';
export { runLinkage, applyLinkedDoses, type RunOptions, type RunSummary } from './run.ts';
export { loadRegistryIndex, type RegistryIndex } from './registry-index.ts';
export { explainRecord, type Explanation } from './explain.ts';
export { exportLinks, exportRows, EXPORT_CSV_HEADER, type ExportRow } from './export.ts';
export { evaluateLinkage, type Evaluation, type Confusion } from './evaluate.ts';
export { AUTO_LINK, AUTO_MARGIN, REVIEW } from './score.ts';
export {
  listReviewQueue,
  reviewRecord,
  reviewHistory,
  REVIEW_ACTIONS,
  type ReviewAction,
  type ReviewItem,
} from './review.ts';
export { linkageReport, linkedHistory, type LinkageReport, type LinkedDose } from './reports.ts';
