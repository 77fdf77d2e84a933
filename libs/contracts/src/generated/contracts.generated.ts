// Generated from schemas/ by `npm run schemas:generate`. Do not edit: change the .avsc and regenerate.
/* eslint-disable */

/** A tenant API key as services verify it: only the hash of the secret ever leaves the control plane. */
export interface ApiKey {
  keyId: string;
  tenantId: string;
  /** ingest | read | admin. */
  scopes: Array<string>;
  /** sha256 hex of the secret part of the key. */
  secretHash: string;
  label?: null | string;
  createdAt: number;
  revokedAt?: null | number;
}

/** Who, what and when of every canonical business event. eventId is the idempotency key end to end. */
export interface Envelope {
  /** Globally unique id chosen by the producer (a UUID); re-sending the same id is a no-op. */
  eventId: string;
  /** The SaaS customer this event belongs to. Also the Kafka key prefix. */
  tenantId: string;
  /** Ties together everything caused by one business action, across systems. */
  correlationId: string;
  /** eventId of the event that caused this one, if any. */
  causationId?: null | string;
  /** When the change happened in the source system (epoch milliseconds, UTC). */
  occurredAt: number;
  /** Where the change was made: 'product', or an ERP kind such as 'netsuite' for inbound changes. */
  sourceSystem: string;
  /** The source system's id of the entity this event is about. */
  entityId: string;
  /** Monotonic version of the entity in the source system; a lower version never overwrites a higher one. */
  entityVersion: number;
}

/** One line of an order or an invoice. */
export interface LineItem {
  lineId: string;
  sku: string;
  description?: null | string;
  /** Decimal string; fractional quantities are allowed. */
  quantity: string;
  unitPrice: Money;
  taxCode?: null | string;
  /** Decimal string, 0-100. */
  discountPercent?: null | string;
}

/** An amount as a decimal string (never a float) with its ISO 4217 currency. */
export interface Money {
  /** Decimal string, e.g. "1250.00". */
  amount: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
}

/** io.ferry.common.v1.PostalAddress */
export interface PostalAddress {
  line1: string;
  line2?: null | string;
  city: string;
  /** State, province or county. */
  region?: null | string;
  postalCode?: null | string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

/** Where the account sits in its corporate group: parent/child accounts map to ERP parent customers or subsidiaries. */
export interface AccountHierarchy {
  parentCustomerId?: null | string;
  ultimateParentCustomerId?: null | string;
  /** 0 for a top-level account. */
  depth?: number;
}

/** io.ferry.customer.v1.Contact */
export interface Contact {
  contactId: string;
  firstName: string;
  lastName: string;
  email?: null | string;
  phone?: null | string;
  /** e.g. billing, purchasing, primary. */
  role?: null | string;
  isPrimary?: boolean;
}

/** io.ferry.customer.v1.Customer */
export interface Customer {
  customerId: string;
  accountNumber?: null | string;
  name: string;
  legalName?: null | string;
  email?: null | string;
  phone?: null | string;
  taxId?: null | string;
  /** ISO 4217 billing currency. */
  currency: string;
  /** active | inactive | prospect. */
  status: string;
  isTestAccount?: boolean;
  /** Product-side terms code, e.g. NET30. */
  paymentTerms?: null | string;
  hierarchy: AccountHierarchy;
  billingAddress?: null | PostalAddress;
  shippingAddress?: null | PostalAddress;
  contacts?: Array<Contact>;
  /** Tenant-specific extra fields, addressable from mappings. */
  attributes?: Record<string, string>;
}

/** A customer account was created or changed; carries the whole current state, not a diff. */
export interface CustomerUpserted {
  envelope: Envelope;
  customer: Customer;
}

/** Transformation's instruction to one ERP delivery service: write this payload, already mapped for the tenant's ERP. */
export interface DeliveryCommand {
  /** Deterministic: derived from eventId and connectionId, so a re-run produces the same id. */
  commandId: string;
  /** The canonical event this command was derived from. */
  eventId: string;
  tenantId: string;
  correlationId: string;
  /** customer | sales_order | invoice | payment | shipment | subscription. */
  entityType: string;
  entityId: string;
  entityVersion: number;
  eventOccurredAt: number;
  connectionId: string;
  /** netsuite | dynamics365 | sap_s4 | oracle_fusion | csv_sftp | webhook. */
  erpKind: string;
  /** The ERP's own record/resource name, e.g. NetSuite 'customer'. */
  recordType: string;
  /** Ferry's stable id for the record in the ERP: upserts key on it. */
  externalId: string;
  /** upsert. */
  operation: string;
  /** The mapped ERP payload as JSON; its shape is the ERP's, not Ferry's. */
  payloadJson: string;
  /** Version of the tenant configuration that produced this payload. */
  configVersion: number;
  createdAt: number;
  /** The canonical event this command was mapped from, as read (Confluent-framed Avro): lets an operator replay a dead-lettered delivery under the tenant's current configuration. */
  sourceEvent?: null | Buffer;
  /** How many times an operator replayed the event this command came from; guards against replay loops. */
  replayCount?: number;
  /** The event's source system ('product' or an ERP kind), carried to the sync statuses delivery publishes. */
  sourceSystem?: null | string;
}

/** A tenant's ERP connection (its delivery lane) changed state: circuit opened, half-open probe, closed again, parked on rejected credentials, or resumed. */
export interface DeliveryLaneStateChanged {
  tenantId: string;
  connectionId: string;
  erpKind: string;
  /** The delivery service that saw the change. */
  service: string;
  /** The replica of that service holding the lane. */
  instanceId: string;
  /** closed | open | half_open | parked | resumed. */
  state: string;
  /** Why, in the ERP's words where it gave any. */
  reason?: null | string;
  /** Commands of the lane waiting when the state changed. */
  pendingCount?: number;
  changedAt: number;
}

/** Which ERP record changed, when, and which product entity it is: carried by every ERP → product event. */
export interface ErpChange {
  /** Same ERP change, same id (hash of tenant, connection, record type, record id and change time): a change read twice after a restart has the same id, so the product can drop the repeat. */
  eventId: string;
  /** The SaaS customer. Also the Kafka key prefix. */
  tenantId: string;
  /** The tenant's ERP connection the change was read from. */
  connectionId: string;
  /** netsuite, dynamics365, sap_s4, oracle_fusion, … */
  erpKind: string;
  /** The ERP's own record type, e.g. NetSuite invoice, salesOrder, itemFulfillment, customerPayment. */
  erpRecordType: string;
  /** The ERP's internal id of the record. */
  erpRecordId: string;
  /** The external id Ferry gave the record when it delivered it; null for a record made in the ERP. */
  externalId?: null | string;
  /** The product's id of the entity this record is (the entityId of the event Ferry delivered as it), from Ferry's books of what it delivered; null when Ferry never delivered this record. */
  productEntityId?: null | string;
  /** When the ERP last changed the record (its own clock: NetSuite lastModifiedDate). */
  changedAt: number;
  /** When Ferry read the change. */
  readAt: number;
}

/** An invoice was issued, changed, paid (in part or in full), became overdue or was voided in the ERP; whole current state. */
export interface InvoiceStatusChanged {
  change: ErpChange;
  /** issued | changed | partially_paid | paid | overdue | voided. */
  status: string;
  /** The ERP's document number (NetSuite tranId). */
  invoiceNumber?: null | string;
  /** ISO 4217 code when the ERP names it. */
  currency?: null | string;
  /** Decimal string. */
  total?: null | string;
  /** Decimal string. */
  amountPaid?: null | string;
  /** Decimal string: what remains to be paid. */
  balanceDue?: null | string;
  /** ISO date, YYYY-MM-DD. */
  dueDate?: null | string;
  /** The ERP's own status label, e.g. Paid In Full. */
  erpStatus?: null | string;
  /** The sales order the invoice bills, when the ERP bills from orders (SAP billing documents). */
  orderErpRecordId?: null | string;
  /** The product's order id, when Ferry delivered that order: how the product finds an invoice the ERP made itself. */
  orderProductId?: null | string;
}

/** The part of a payment applied to one invoice. */
export interface PaymentApplication {
  invoiceErpRecordId: string;
  /** The product's invoice id, when Ferry delivered that invoice. */
  invoiceProductId?: null | string;
  /** Decimal string. */
  amount: string;
}

/** A customer payment was received in the ERP and applied to invoices; whole current state. */
export interface PaymentApplied {
  change: ErpChange;
  /** Decimal string: the whole payment. */
  amount: string;
  currency?: null | string;
  /** The ERP's document number (NetSuite tranId). */
  paymentNumber?: null | string;
  customerErpRecordId?: null | string;
  customerProductId?: null | string;
  applications?: Array<PaymentApplication>;
}

/** The ERP acknowledged, rejected or moved on a sales order; whole current status. */
export interface SalesOrderStatusChanged {
  change: ErpChange;
  /** acknowledged (the ERP holds the order and will fulfil it) | pending_approval | rejected (the ERP will not fulfil it; reason says why) | partially_fulfilled | fulfilled | billed | closed. */
  status: string;
  /** The ERP's document number (NetSuite tranId). */
  erpOrderNumber?: null | string;
  /** Why the ERP rejected or closed the order, when it says. */
  reason?: null | string;
  /** The ERP's own status label, e.g. Pending Fulfillment. */
  erpStatus?: null | string;
}

/** The ERP shipped (part of) an order: the fulfilment with its tracking numbers and lines. */
export interface ShipmentShipped {
  change: ErpChange;
  /** The sales order the fulfilment was made from. */
  orderErpRecordId?: null | string;
  /** The product's order id, when Ferry delivered that order. */
  orderProductId?: null | string;
  /** The ERP's document number (NetSuite tranId). */
  shipmentNumber?: null | string;
  /** ISO date, YYYY-MM-DD. */
  shipDate?: null | string;
  carrier?: null | string;
  trackingNumbers?: Array<string>;
  lines?: Array<ShippedLine>;
}

/** One shipped line: which item and how many. */
export interface ShippedLine {
  /** The product's SKU (the item's external id) when the ERP item carries one. */
  sku?: null | string;
  erpItemId?: null | string;
  /** Decimal string. */
  quantity: string;
}

/** io.ferry.invoice.v1.Invoice */
export interface Invoice {
  invoiceId: string;
  invoiceNumber: string;
  customerId: string;
  orderId?: null | string;
  /** ISO 8601 date. */
  issueDate: string;
  /** ISO 8601 date. */
  dueDate: string;
  /** open | paid | void. */
  status: string;
  currency: string;
  paymentTerms?: null | string;
  lines: Array<LineItem>;
  subtotal: Money;
  taxTotal: Money;
  total: Money;
  attributes?: Record<string, string>;
}

/** An invoice was issued or changed (including voided); whole current state. */
export interface InvoiceUpserted {
  envelope: Envelope;
  invoice: Invoice;
}

/** io.ferry.masterdata.v1.ExternalIdRef */
export interface ExternalIdRef {
  system: string;
  id: string;
}

/** One real-world customer of a tenant as master-data keeps it: for every field the surviving value and where it came from (lineage), the source records it was matched from, and the ids it is known by. Key tenantId:goldenId on a compacted topic: the latest record per golden id is its state. A golden id retired by a merge gets a last record with status merged and mergedInto, and no fields. */
export interface GoldenCustomer {
  tenantId: string;
  /** Minted once, when the first record of this customer arrived; never renamed. */
  goldenId: string;
  /** active | merged (retired: see mergedInto). */
  status: string;
  /** For status merged: the golden id that survived the merge. */
  mergedInto?: null | string;
  fields?: Array<GoldenField>;
  /** Every source record matched into this customer (key source:recordId). */
  sourceRecords?: Array<SourceRecordRef>;
  /** Ids the source records say they have in other systems (cross-references). */
  externalIds?: Array<ExternalIdRef>;
  /** Golden ids retired by merges into this one. */
  aliases?: Array<string>;
  /** When master-data published this state. */
  updatedAt: number;
}

/** A field's surviving value and its lineage. */
export interface GoldenField {
  /** Canonical customer record path: name.organisation, address.postcode, taxId, attributes.currency, … */
  path: string;
  value: string;
  /** The system the value came from: product, or an ERP kind such as netsuite. */
  source: string;
  /** That system's id of the record the value came from. */
  recordId: string;
  /** When that system last changed the record (ISO 8601). */
  updatedAt?: null | string;
  /** The survivorship rule that chose it: sourcePriority | mostRecent | mostComplete | mostFrequent | firstNonNull. */
  rule: string;
}

/** io.ferry.masterdata.v1.SourceRecordRef */
export interface SourceRecordRef {
  source: string;
  recordId: string;
}

/** A field an ERP changed although another system is its system of record (the tenant's policies.systemOfRecord): the change was not taken as truth. One record per changed record and field. */
export interface SystemOfRecordConflict {
  /** Same change, same field → same id, so a change read twice is one finding. */
  findingId: string;
  tenantId: string;
  /** The connection the change was read from. */
  connectionId: string;
  erpKind: string;
  /** customer. */
  domain: string;
  /** The ERP record type read. */
  recordType: string;
  erpRecordId: string;
  /** Ferry's external id on the ERP record, when it has one. */
  externalId?: null | string;
  /** The canonical id (customerId) the record maps to. */
  entityId?: null | string;
  /** identity | billingAddress | shippingAddress | creditTerms | taxId | contacts. */
  fieldGroup: string;
  /** Canonical path, e.g. customer.taxId. */
  fieldPath: string;
  /** The field group's system of record: product or a connection id. */
  owner: string;
  /** What the ERP holds now, as JSON (null: nothing). */
  erpValueJson?: null | string;
  /** What Ferry last read there and keeps, as JSON. */
  keptValueJson?: null | string;
  /** When the ERP record changed. */
  changedAt: number;
  detectedAt: number;
}

/** A message a service could not process, kept whole with the reason so an operator can inspect and replay it. */
export interface DeadLetterRecord {
  deadLetterId: string;
  service: string;
  /** Null when the message was too broken to tell. */
  tenantId?: null | string;
  eventId?: null | string;
  sourceTopic: string;
  sourcePartition: number;
  sourceOffset: string;
  key?: null | Buffer;
  /** The original bytes, unmodified. */
  value?: null | Buffer;
  headers?: Record<string, string>;
  /** malformed | unknown_schema | invalid | validation | configuration | retryable | internal. */
  errorClass: string;
  errorCode: string;
  errorMessage: string;
  attempts?: number;
  firstFailedAt: number;
  deadLetteredAt: number;
}

/** io.ferry.order.v1.SalesOrder */
export interface SalesOrder {
  orderId: string;
  orderNumber: string;
  customerId: string;
  /** ISO 8601 date, YYYY-MM-DD. */
  orderDate: string;
  /** draft | confirmed | fulfilled | cancelled. */
  status: string;
  currency: string;
  lines: Array<LineItem>;
  subtotal: Money;
  taxTotal: Money;
  total: Money;
  shippingAddress?: null | PostalAddress;
  purchaseOrderNumber?: null | string;
  attributes?: Record<string, string>;
}

/** A sales order was placed or changed; whole current state. */
export interface SalesOrderUpserted {
  envelope: Envelope;
  order: SalesOrder;
}

/** io.ferry.payment.v1.Payment */
export interface Payment {
  paymentId: string;
  customerId: string;
  /** Invoices this payment is applied to. */
  invoiceIds?: Array<string>;
  amount: Money;
  /** card | bank_transfer | direct_debit | check | other. */
  method: string;
  receivedAt: number;
  reference?: null | string;
  /** received | refunded | failed. */
  status: string;
  attributes?: Record<string, string>;
}

/** A payment was received, refunded or failed; whole current state. */
export interface PaymentRecorded {
  envelope: Envelope;
  payment: Payment;
}

/** One canonical field whose ERP value differs from the one Ferry delivered, both normalised (null = no value). */
export interface FieldDifference {
  /** Path in the canonical entity, e.g. billingAddress.city. */
  field: string;
  ferryValue?: null | string;
  erpValue?: null | string;
}

/** A period whose finance totals differ: the sum on each side and the difference (ERP minus Ferry), decimal strings. */
export interface PeriodTotalDifference {
  /** The month, YYYY-MM. */
  period: string;
  /** amount | open_balance. */
  measure: string;
  ferrySum: string;
  erpSum: string;
  difference: string;
}

/** A difference between what Ferry delivered and what the ERP holds now. */
export interface ReconciliationFinding {
  findingId: string;
  runId: string;
  tenantId: string;
  connectionId: string;
  erpKind: string;
  recordType: string;
  externalId: string;
  erpRecordId?: null | string;
  /** missing_in_erp | content_mismatch | unknown_in_erp | total_mismatch (a period's finance totals differ; externalId is period:<YYYY-MM>, periodTotal says which sums). */
  kind: string;
  expectedHash?: null | string;
  actualHash?: null | string;
  detectedAt: number;
  /** Likely cause: missing_in_erp | unknown_in_erp | erp_edited_after_delivery | delivery_never_applied | undetermined. Null from releases that compared hashes. */
  cause?: null | string;
  /** Empty for missing_in_erp, unknown_in_erp and findings from releases that compared hashes. */
  fieldDifferences?: Array<FieldDifference>;
  /** Set on total_mismatch findings only. */
  periodTotal?: null | PeriodTotalDifference;
}

/** io.ferry.shipment.v1.Shipment */
export interface Shipment {
  shipmentId: string;
  orderId: string;
  /** pending | shipped | delivered | returned. */
  status: string;
  carrier?: null | string;
  trackingNumber?: null | string;
  shippedAt?: null | number;
  shipTo?: null | PostalAddress;
  lines: Array<ShipmentLine>;
  attributes?: Record<string, string>;
}

/** io.ferry.shipment.v1.ShipmentLine */
export interface ShipmentLine {
  orderLineId: string;
  sku: string;
  /** Decimal string. */
  quantity: string;
}

/** A shipment was created or its status changed; whole current state. */
export interface ShipmentUpserted {
  envelope: Envelope;
  shipment: Shipment;
}

/** io.ferry.subscription.v1.Subscription */
export interface Subscription {
  subscriptionId: string;
  customerId: string;
  planCode: string;
  /** trialing | active | paused | cancelled. */
  status: string;
  quantity?: number;
  price: Money;
  /** monthly | quarterly | annual. */
  billingPeriod: string;
  /** ISO 8601 date. */
  startDate: string;
  endDate?: null | string;
  renewalDate?: null | string;
  attributes?: Record<string, string>;
}

/** A subscription started, changed plan or quantity, renewed or was cancelled; whole current state. */
export interface SubscriptionUpserted {
  envelope: Envelope;
  subscription: Subscription;
}

/** Where one canonical event stands for one tenant: the record analysts and support dashboards read. */
export interface SyncStatus {
  /** Deterministic per event, stage and outcome, so a repeated publish is recognisable. */
  statusId: string;
  eventId: string;
  tenantId: string;
  correlationId: string;
  entityType: string;
  entityId: string;
  entityVersion: number;
  /** transformation | delivery (outbound); erp-read (inbound: inbound-sync read a change made in an ERP and published it on ferry.erp-events.v1, status delivered). */
  stage: string;
  /** Final: delivered | skipped | dead_lettered. On the way: routed (transformation handed it to one ERP connection) | retrying | parked. (failed: older releases.) */
  status: string;
  erpKind?: null | string;
  connectionId?: null | string;
  recordType?: null | string;
  externalId?: null | string;
  erpRecordId?: null | string;
  attempts?: number;
  /** From the event's occurredAt to this outcome. */
  latencyMs?: null | number;
  /** retryable | throttled | auth_expired | validation | conflict | configuration | internal. */
  errorClass?: null | string;
  errorCode?: null | string;
  errorMessage?: null | string;
  /** Where in the tenant's configuration the failure lies, e.g. mappings.customer@ns-main.fieldExpressions.email or rules.vip.condition. */
  errorPath?: null | string;
  /** sha256 of the canonical JSON of the payload written, for reconciliation. */
  contentHash?: null | string;
  configVersion?: null | number;
  recordedAt: number;
  /** Where the change was made (the event's envelope): 'product', or an ERP kind such as 'netsuite' for a change read back from that ERP. Null in statuses of older releases. */
  sourceSystem?: null | string;
  /** When the change happened in the source system (the event's envelope occurredAt); recordedAt minus this is how long Ferry took. Null in statuses of older releases. */
  eventOccurredAt?: null | number;
  /** outbound: a change made in the product, on its way to ERPs. inbound: a change made in an ERP, read back by Ferry. Null in statuses of older releases. */
  direction?: null | string;
}

/** The tenant's throttling on Ferry's HTTP ingestion API; null keeps the fleet default (INGESTION_RATE_PER_SECOND, INGESTION_BURST, INGESTION_KEY_*), and no value may exceed the fleet's caps (INGESTION_MAX_RATE_PER_SECOND, INGESTION_MAX_BURST). */
export interface ApiLimitsPolicy {
  /** Requests per second the tenant's bucket refills with. */
  requestsPerSecond?: null | number;
  /** Requests the tenant's bucket holds at once. */
  burst?: null | number;
  /** Requests per second each of the tenant's API keys refills with. */
  keyRequestsPerSecond?: null | number;
  /** Requests each of the tenant's API keys' buckets holds at once. */
  keyBurst?: null | number;
}

/** io.ferry.tenant.v1.CircuitBreakerPolicy */
export interface CircuitBreakerPolicy {
  failureThresholdPercent?: number;
  volumeThreshold?: number;
  resetTimeoutMs?: number;
}

/** How one canonical entity becomes one ERP record for this tenant: JSONata expressions evaluated against the canonical event. */
export interface EntityMapping {
  entityType: string;
  connectionId: string;
  recordType: string;
  /** JSONata; its result is the ERP external id. */
  externalIdExpression: string;
  /** ERP field path -> JSONata expression. */
  fieldExpressions: Record<string, string>;
  /** Named lookup tables (e.g. country codes, payment terms) usable in expressions as $valueMap('name', value). */
  valueMaps?: Record<string, Record<string, string>>;
  /** ERP field path -> literal used when its expression yields nothing. */
  defaults?: Record<string, string>;
  /** ERP field paths the payload must carry (from the ERP template); a payload without one is rejected before delivery. */
  requiredFields?: Array<string>;
  /** ERP field path (a [] segment stands for every element of an array) -> the ERP's limit on that text field (from the ERP template). */
  fieldLimits?: Record<string, FieldLimit>;
}

/** io.ferry.tenant.v1.ErpConnection */
export interface ErpConnection {
  connectionId: string;
  /** netsuite | dynamics365 | sap_s4 | oracle_fusion | csv_sftp | webhook. */
  erpKind: string;
  baseUrl: string;
  /** e.g. oauth2_client_credentials_jwt for NetSuite machine-to-machine. */
  authKind: string;
  /** Non-secret connection settings: account id, client id, certificate id, token URL. */
  settings?: Record<string, string>;
  /** AES-256-GCM sealed secret bundle; only delivery services hold the key ring. */
  sealedCredentials?: null | string;
}

/** The most an ERP text field holds, counted the way that ERP counts, and what Ferry does with a longer value. */
export interface FieldLimit {
  maxLength: number;
  /** utf16 (UTF-16 code units: SAP, Dataverse, NetSuite) | codepoint (Oracle character semantics) | utf8 (bytes of UTF-8). */
  unit: string;
  /** truncate (cut at the last whole grapheme that fits) | reject (the event fails its mapping, with the field named). */
  overflow: string;
}

/** How many days each service keeps the tenant's rows; null keeps the fleet default (RETENTION_*_DAYS). */
export interface RetentionPolicy {
  /** Observability's sync statuses (sync_status_record), by recorded_at. */
  syncStatusDays?: null | number;
  /** Observability's dead letters (dead_letter), by dead_lettered_at. */
  deadLetterDays?: null | number;
  /** Ingestion's received-event ledger (received_event), by received_at: an event id is a duplicate only within it. */
  receivedEventDays?: null | number;
  /** Reconciliation's findings (by detected_at) and finished runs (by finished_at). */
  reconciliationDays?: null | number;
  /** Delivery's finished, reported queue rows (delivery_queue), by finished_at. */
  deliveryDays?: null | number;
}

/** io.ferry.tenant.v1.RetrySchedule */
export interface RetrySchedule {
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** A tenant's whole effective configuration at one version. Published to a compacted topic keyed by tenant id; the latest record wins. */
export interface TenantConfiguration {
  tenantId: string;
  version: number;
  displayName: string;
  active?: boolean;
  connections: Array<ErpConnection>;
  mappings: Array<EntityMapping>;
  updatedAt: number;
  /** Validation and routing rules, evaluated in transformation in order. */
  rules?: Array<TenantRule>;
  policies?: null | TenantPolicies;
  /** Onboarding template and version this configuration was built from, e.g. netsuite@2. */
  template?: null | string;
  /** Who made the change that produced this version (operator or API key id). */
  changedBy?: null | string;
}

/** io.ferry.tenant.v1.TenantPolicies */
export interface TenantPolicies {
  /** Per tenant x connection ERP request budget. */
  requestsPerSecond?: null | number;
  /** Concurrent ERP calls (NetSuite's account concurrency limit). */
  maxConcurrency?: null | number;
  retry: RetrySchedule;
  circuitBreaker: CircuitBreakerPolicy;
  /** Where the tenant's exceptions are surfaced (support queue name or e-mail). */
  exceptionRouting?: null | string;
  /** domain or domain.field -> system that wins, e.g. customer.billingAddress -> netsuite. */
  systemOfRecord?: Record<string, string>;
  /** For batch transports (CSV over SFTP): how long records are gathered into one file. */
  batchWindowSeconds?: null | number;
  /** How long Ferry keeps the tenant's operational rows; null keeps every fleet default. */
  retention?: null | RetentionPolicy;
  /** The tenant's throttling on the HTTP ingestion API; null keeps the fleet defaults. */
  apiLimits?: null | ApiLimitsPolicy;
}

/** A declarative rule. reject: the event becomes an exception naming the rule; skip: the event is skipped visibly; route: deliver through another connection. */
export interface TenantRule {
  name: string;
  entityType: string;
  /** reject | skip | route. */
  kind: string;
  /** JSONata over the canonical event; the rule applies when it is true. */
  condition: string;
  message?: null | string;
  /** For route: the connection to deliver through instead. */
  connectionId?: null | string;
}

/** Registry subject of each top-level record (RecordNameStrategy: subject = full name). */
export const Subjects = {
  CustomerUpserted: 'io.ferry.customer.v1.CustomerUpserted',
  SalesOrderUpserted: 'io.ferry.order.v1.SalesOrderUpserted',
  InvoiceUpserted: 'io.ferry.invoice.v1.InvoiceUpserted',
  PaymentRecorded: 'io.ferry.payment.v1.PaymentRecorded',
  ShipmentUpserted: 'io.ferry.shipment.v1.ShipmentUpserted',
  SubscriptionUpserted: 'io.ferry.subscription.v1.SubscriptionUpserted',
  SalesOrderStatusChanged: 'io.ferry.erp.v1.SalesOrderStatusChanged',
  InvoiceStatusChanged: 'io.ferry.erp.v1.InvoiceStatusChanged',
  PaymentApplied: 'io.ferry.erp.v1.PaymentApplied',
  ShipmentShipped: 'io.ferry.erp.v1.ShipmentShipped',
  DeliveryCommand: 'io.ferry.delivery.v1.DeliveryCommand',
  DeliveryLaneStateChanged: 'io.ferry.delivery.v1.DeliveryLaneStateChanged',
  SyncStatus: 'io.ferry.sync.v1.SyncStatus',
  DeadLetterRecord: 'io.ferry.operations.v1.DeadLetterRecord',
  ReconciliationFinding: 'io.ferry.reconciliation.v1.ReconciliationFinding',
  SystemOfRecordConflict: 'io.ferry.masterdata.v1.SystemOfRecordConflict',
  GoldenCustomer: 'io.ferry.masterdata.v1.GoldenCustomer',
  TenantConfiguration: 'io.ferry.tenant.v1.TenantConfiguration',
  ApiKey: 'io.ferry.access.v1.ApiKey',
} as const;
