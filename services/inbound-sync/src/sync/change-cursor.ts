import type { ErpRecord } from '@ferry/erp-core';

/**
 * Where an inbound poll resumes: the newest change time seen, and the records already taken at exactly that
 * time. Polls ask for changes at or after the time (so a record changed in the same instant as the last one
 * is not missed) and drop the ones already taken (so none is read twice).
 */
export interface ChangeCursor {
  since: string | undefined;
  seenAtCursor: string[];
}

export function newChanges(records: ErpRecord[], cursor: ChangeCursor): ErpRecord[] {
  return records.filter(
    (record) =>
      record.lastModified !== undefined && !(record.lastModified === cursor.since && cursor.seenAtCursor.includes(record.erpRecordId)),
  );
}

export function advance(cursor: ChangeCursor, taken: ErpRecord[]): ChangeCursor {
  let { since, seenAtCursor } = cursor;
  for (const record of taken) {
    const at = record.lastModified!;
    if (since === undefined || at > since) {
      since = at;
      seenAtCursor = [record.erpRecordId];
    } else if (at === since && !seenAtCursor.includes(record.erpRecordId)) {
      seenAtCursor = [...seenAtCursor, record.erpRecordId];
    }
  }
  return { since, seenAtCursor };
}

/**
 * The changes old enough to take now: the leading ones changed at least `settleMs` before `now`. A write Ferry
 * just made is reported on the sync-status topic a moment after the ERP holds it; waiting this long lets the
 * echo check know of it. The rest are read again next poll (the cursor does not pass them). A change time the
 * poller cannot read never holds a change back.
 */
export function settledChanges(records: ErpRecord[], now: number, settleMs: number): ErpRecord[] {
  const unsettled = records.findIndex((record) => {
    const changedAt = Date.parse(record.lastModified ?? '');
    return Number.isFinite(changedAt) && changedAt > now - settleMs;
  });
  return unsettled === -1 ? records : records.slice(0, unsettled);
}
