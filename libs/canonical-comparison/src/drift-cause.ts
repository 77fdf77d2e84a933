/**
 * Why a record is out of sync, as far as the two sides tell:
 * - missing_in_erp: Ferry's books say it was delivered; the ERP has no record with its external id.
 * - unknown_in_erp: the ERP has a record under a Ferry-shaped external id Ferry never delivered.
 * - erp_edited_after_delivery: the ERP changed the record after Ferry's last delivery of it.
 * - delivery_never_applied: the ERP's last change is not after Ferry's delivery, yet it holds other values: the
 *   write Ferry counted as delivered is not what the ERP kept.
 * - undetermined: the ERP gives no last-modified time, so the two cannot be told apart.
 */
export type DriftCause = 'missing_in_erp' | 'unknown_in_erp' | 'erp_edited_after_delivery' | 'delivery_never_applied' | 'undetermined';

export const DRIFT_CAUSES: readonly DriftCause[] = [
  'missing_in_erp',
  'unknown_in_erp',
  'erp_edited_after_delivery',
  'delivery_never_applied',
  'undetermined',
];

export interface DriftEvidence {
  /** Epoch ms of Ferry's last delivery of the record; undefined when Ferry's books do not hold it. */
  deliveredAt: number | undefined;
  /** Whether the ERP holds the record; `erpLastModified` is its last change as the ERP reports it. */
  inErp: boolean;
  erpLastModified: string | undefined;
  differingFields: number;
  /** ERP and Ferry clocks differ; a change this close after the delivery counts as the delivery itself. */
  clockSkewMs: number;
}

/** The likely cause, or undefined when the record is in sync (or on neither side). */
export function driftCauseOf(evidence: DriftEvidence): DriftCause | undefined {
  const inBooks = evidence.deliveredAt !== undefined;
  if (inBooks && !evidence.inErp) return 'missing_in_erp';
  if (!inBooks) return evidence.inErp ? 'unknown_in_erp' : undefined;
  if (evidence.differingFields === 0) return undefined;
  const modified = evidence.erpLastModified === undefined ? Number.NaN : Date.parse(evidence.erpLastModified);
  if (Number.isNaN(modified)) return 'undetermined';
  return modified > evidence.deliveredAt! + evidence.clockSkewMs ? 'erp_edited_after_delivery' : 'delivery_never_applied';
}
