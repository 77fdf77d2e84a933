/**
 * Where one status export file stands in Ferry's books, keyed by tenant, connection, file name and SHA-256 of
 * its content (size and modification time are kept beside it, for the operator):
 * - `claimed`: Ferry started publishing its events; it may have crashed before, while or after the publish.
 * - `published`: every event of the file is on Kafka (the producer acknowledged them all).
 * - `archived`: the file was moved to archive/ after its events were published.
 * - `rejected`: the file was malformed and moved to error/ with a reason file; nothing of it was published.
 */
export type StatusFileState = 'claimed' | 'published' | 'archived' | 'rejected';

/**
 * What to do with a file found in the status folder:
 * - `publish`: parse it, publish its events, record `published`, then archive it;
 * - `archive_only`: its events were published before (a crash before the move, or the same file uploaded again
 *   under the same name): move it out of the way without publishing anything;
 * - `reject_again`: the same malformed file came back: to error/ again, nothing published.
 */
export type StatusFileStep = 'publish' | 'archive_only' | 'reject_again';

/**
 * The decision, from the file's state in Ferry's books (undefined: never seen). `claimed` publishes again: the
 * crash may have come before the producer sent anything; if it came after, the repeats carry the same event ids
 * (hash of record and change time), which the product drops. `published` never publishes again.
 */
export function statusFileStep(state: StatusFileState | undefined): StatusFileStep {
  switch (state) {
    case undefined:
    case 'claimed':
      return 'publish';
    case 'published':
    case 'archived':
      return 'archive_only';
    case 'rejected':
      return 'reject_again';
  }
}

/**
 * The name a file is archived under: its name with the first 12 hex digits of its SHA-256 before the
 * extension, so the same name uploaded again with other content is archived beside, not over, the first.
 */
export function archivedName(name: string, sha256: string): string {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${stem}.${sha256.slice(0, 12)}${extension}`;
}

/** Files the poller takes from the status folder: finished CSV files (the ERP writes `.tmp` or `.part` first, then renames). */
export function isStatusExport(name: string): boolean {
  return /\.csv$/i.test(name) && !name.startsWith('.');
}
