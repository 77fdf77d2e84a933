/**
 * The most an ERP text field holds, counted as that ERP counts (utf16: UTF-16 code units, as SAP, Dataverse and
 * NetSuite count; codepoint: Oracle's character semantics; utf8: bytes), and whether a longer value may be cut
 * (names, search terms) or must fail its mapping (identifiers, e-mail addresses, codes).
 */
export interface TemplateFieldLimit {
  maxLength: number;
  unit: 'utf16' | 'codepoint' | 'utf8';
  overflow: 'truncate' | 'reject';
}

/** Shorthands for a template's field limits table. */
export const fieldLimit = {
  truncate: (maxLength: number, unit: TemplateFieldLimit['unit']): TemplateFieldLimit => ({ maxLength, unit, overflow: 'truncate' }),
  reject: (maxLength: number, unit: TemplateFieldLimit['unit']): TemplateFieldLimit => ({ maxLength, unit, overflow: 'reject' }),
};

/** One entity's standard mapping in a template: what a tenant gets unless it overrides it. */
export interface TemplateEntityMapping {
  recordType: string;
  externalIdExpression: string;
  fieldExpressions: Record<string, string>;
  valueMaps?: Record<string, Record<string, string>>;
  defaults?: Record<string, string>;
  /** ERP field paths every payload of this record type must carry (the ERP rejects it otherwise). */
  requiredFields: string[];
  /**
   * The ERP's limits on the text fields this mapping writes (a `[]` path segment: every element of an array). They
   * are the ERP's, not the template's: they apply to the tenant's overrides of these fields too.
   */
  fieldLimits?: Record<string, TemplateFieldLimit>;
}

/**
 * An onboarding template: everything standard about one ERP. Onboarding = pick a template, override a few
 * fields, add credentials. Templates are versioned; a tenant records the version it is on and keeps its
 * overrides across upgrades.
 */
export interface ErpTemplate {
  name: string;
  version: number;
  erpKind: string;
  description: string;
  authKind: string;
  /**
   * Connection settings the connector cannot work without when the connection uses this template's `authKind`
   * (settings with a default are not listed). The control plane refuses to save a connection missing one.
   */
  requiredSettings: string[];
  /** Secret fields the connection's credentials must hold. */
  credentialFields: string[];
  entities: Partial<Record<'customer' | 'sales_order' | 'invoice' | 'payment' | 'shipment' | 'subscription', TemplateEntityMapping>>;
  /**
   * ERP → Ferry: how a changed ERP record becomes a canonical body, for inbound sync. The JSONata expression reads
   * { erpRecordId, externalId, fields, lastModified } and yields the body of the canonical event (e.g. Customer).
   */
  inbound?: Partial<Record<'customer', { recordType: string; expression: string }>>;
  /** What changed from the previous version, shown on upgrade. */
  changes?: string;
}
