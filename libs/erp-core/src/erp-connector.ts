/** The connection settings and opened credentials a connector needs for one tenant's ERP. */
export interface ErpConnectionContext {
  tenantId: string;
  connectionId: string;
  erpKind: string;
  /** How the connector authenticates (e.g. oauth2_client_credentials_jwt, oauth1_tba for NetSuite). */
  authKind: string;
  baseUrl: string;
  settings: Record<string, string>;
  credentials: Record<string, string>;
}

export interface UpsertRequest {
  recordType: string;
  externalId: string;
  payload: Record<string, unknown>;
  /** Write only if the ERP record is still at this version / ETag (optimistic concurrency); else a conflict. */
  expectedVersion?: string;
}

export interface UpsertResult {
  erpRecordId: string;
  /** ERP version / ETag / last-modified after the write, when the ERP reports one. */
  erpVersion?: string;
}

export interface ErpRecord {
  erpRecordId: string;
  externalId: string | null;
  fields: Record<string, unknown>;
  lastModified?: string;
}

/**
 * What Ferry needs from any ERP: write a record idempotently on Ferry's external id, and read records back
 * (for reconciliation and inbound sync). One implementation per ERP, in its own lib.
 */
export interface ErpConnector {
  readonly erpKind: string;
  upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult>;
  /** Every record of a type, paging through the ERP's own pagination. */
  listRecords(connection: ErpConnectionContext, recordType: string): Promise<ErpRecord[]>;
  /**
   * Records changed at or after `since` (ISO 8601), oldest change first, each with its lastModified; for inbound
   * sync. Optional: ERPs that cannot be read back (files, webhooks) have none.
   */
  listChangedSince?(connection: ErpConnectionContext, recordType: string, since: string | undefined): Promise<ErpRecord[]>;
  /**
   * The record Ferry wrote under this external id, or undefined when the ERP has none. Delivery asks before
   * trying again after an ambiguous outcome (the write may have been applied). Optional: transports that
   * cannot be read back (files, webhooks) have none, and rely on the receiver's idempotency instead.
   */
  lookup?(connection: ErpConnectionContext, recordType: string, externalId: string): Promise<ErpRecord | undefined>;
  /**
   * Records that carry an external id, in ascending code-unit order of it, one page at a time, starting after
   * `afterExternalId`: the ERP side of reconciliation's streaming merge (bounded memory, resumable from the last
   * key). Optional: a connector without it is read whole with listRecords.
   */
  readInExternalIdOrder?(connection: ErpConnectionContext, recordType: string, options: ExternalIdPaging): AsyncIterable<ErpRecord[]>;
  /**
   * The ERP's change cursor (Dataverse `modifiedon`), when readInExternalIdOrder honours `changedSince` with it:
   * incremental reconciliation reads only records changed since its last run. Absent: every run reads in full.
   */
  readonly changeCursor?: string;
}

export interface ExternalIdPaging {
  afterExternalId?: string;
  pageSize: number;
  /** Only records the ERP changed at or after this instant (ISO 8601, UTC), by its change cursor. */
  changedSince?: string;
}
