import type { ErpErrorClass } from '@ferry/erp-core';
import type { MappingErrorCode, RejectionClass } from '@ferry/mapping';

/**
 * Guided remediation: for every error code a dead letter can carry, what it means in plain words, the next step,
 * where to do it, and whether replaying can help. Keyed by code (exhaustive: a Record over the error-code unions, so
 * a code added to a union does not compile until it has guidance); a code outside them (an ERP's own code, e.g.
 * NetSuite's INVALID_FLD_VALUE) falls back to the guidance of its error class.
 */

/** Codes Ferry's own pipeline puts on dead letters (libs/kafka, ingestion, transformation, delivery, observability). */
export type PipelineErrorCode =
  | 'UNEXPECTED_ERROR'
  | 'DATABASE_UNAVAILABLE'
  | 'KAFKA_PRODUCE_FAILED'
  | 'KAFKA_RECORD_REFUSED'
  | 'REGISTRY_CONFIG_FAILED'
  | 'INTAKE_FAILED'
  | 'ERP_UNAVAILABLE'
  | 'ERP_DOWN'
  | 'NOT_A_CANONICAL_EVENT'
  | 'UNKNOWN_SCHEMA_ID'
  | 'MALFORMED_MESSAGE'
  | 'INVALID_RECORD'
  | 'BAD_PAYLOAD'
  | 'NO_ENTITY_BODY'
  | 'VALIDATION_FAILED'
  | 'UNQUEUEABLE_COMMAND'
  | 'STALE_VERSION';

/** An ERP failure without the ERP's own code is recorded under its class, upper-cased (delivery-attempt.service.ts). */
export type ErpClassCode = Uppercase<ErpErrorClass>;

export type KnownErrorCode = MappingErrorCode | ErpClassCode | PipelineErrorCode;

/** Error classes dead letters carry: the ERP's, the mapping's, and the pipeline's own. */
export type KnownErrorClass = ErpErrorClass | RejectionClass | 'permanent' | 'retryable' | 'infrastructure' | 'internal' | 'malformed';

/** Where the next step is done: a console view, or an API call the console names (the console has no editor for it). */
export type RemediationLink =
  | { kind: 'console'; label: string; view: 'connections' | 'trace' | 'platform-health' }
  | { kind: 'api'; label: string; service: 'control-plane' | 'ingestion'; method: 'GET' | 'POST' | 'PUT'; path: string };

export interface Remediation {
  /** What happened, for a support engineer or a tenant admin, without Ferry's internals. */
  meaning: string;
  /** What to do next, in order. */
  nextSteps: string[];
  links: RemediationLink[];
  /** yes: the cause may be gone, replay as is; after-fix: fix first, then replay (dry run first); no: replay cannot help. */
  replay: 'yes' | 'after-fix' | 'no';
  /** Who can fix it: the tenant (its data or configuration), Ferry's operators (the platform), or the sender. */
  owner: 'tenant' | 'operator' | 'sender';
}

const TENANT = '/v1/tenants/{tenantId}';
const mappingPreview: RemediationLink = {
  kind: 'api',
  label: 'Preview the mapping with this event (and a proposed fix)',
  service: 'control-plane',
  method: 'POST',
  path: `${TENANT}/preview`,
};
const editMapping: RemediationLink = {
  kind: 'api',
  label: 'Change the mapping override',
  service: 'control-plane',
  method: 'PUT',
  path: `${TENANT}/mappings/{entityType}`,
};
const connections: RemediationLink = { kind: 'console', label: 'Connections and lanes (resume a parked lane)', view: 'connections' };
const reconnect: RemediationLink = {
  kind: 'api',
  label: 'Give the connection new credentials',
  service: 'control-plane',
  method: 'PUT',
  path: `${TENANT}/connections/{connectionId}`,
};
const trace: RemediationLink = { kind: 'console', label: 'Trace the record (what came before)', view: 'trace' };
const health: RemediationLink = { kind: 'console', label: 'Platform health', view: 'platform-health' };
const configuration: RemediationLink = {
  kind: 'api',
  label: 'The configuration in force',
  service: 'control-plane',
  method: 'GET',
  path: `${TENANT}/configuration`,
};

const mappingFailed = (meaning: string): Remediation => ({
  meaning,
  nextSteps: [
    "Find the failing field in the group's message (e.g. fieldExpressions.companyName).",
    'Preview the mapping with this event and a corrected expression until the preview delivers.',
    'Save the corrected mapping override, then replay with a dry run first.',
  ],
  links: [mappingPreview, editMapping],
  replay: 'after-fix',
  owner: 'tenant',
});
const sandboxLimit = (limit: string): Remediation =>
  mappingFailed(`A mapping expression hit the sandbox's ${limit} limit, so the event could not be mapped.`);
const platform = (meaning: string): Remediation => ({
  meaning,
  nextSteps: ['Check platform health (database, Kafka, schema registry).', 'Once it is healthy, replay.'],
  links: [health],
  replay: 'yes',
  owner: 'operator',
});
const brokenMessage = (meaning: string): Remediation => ({
  meaning,
  nextSteps: [
    'Fix the sender (the product integration) so it sends a valid event.',
    'Send the event again; replaying this copy cannot succeed.',
  ],
  links: [],
  replay: 'no',
  owner: 'sender',
});
const erpUnavailable: Remediation = {
  meaning: 'The ERP did not answer, or answered with a temporary error, for longer than the retries lasted.',
  nextSteps: ["Check the ERP's status page and the lane's circuit state.", 'Once the ERP answers again, replay.'],
  links: [connections],
  replay: 'yes',
  owner: 'operator',
};
const erpRefused: Remediation = {
  meaning: 'The ERP refused the record: a value it does not accept (a format, a missing required field, a closed period).',
  nextSteps: [
    "Read the ERP's message below: it names the field.",
    'Correct the data in the product, or the tenant mapping if the field is mapped wrongly (preview it first).',
    'Replay with a dry run, then for real.',
  ],
  links: [trace, mappingPreview],
  replay: 'after-fix',
  owner: 'tenant',
};

export const REMEDIATIONS: Record<KnownErrorCode, Remediation> = {
  // The mapping's codes (libs/mapping): the tenant's configuration must change.
  MAPPING_FAILED: mappingFailed('The tenant mapping could not turn the event into an ERP record: a field expression failed.'),
  UNSAFE_FIELD_PATH: mappingFailed('The mapping writes to a field path Ferry refuses (it could reach outside the record).'),
  FIELD_TOO_LONG: mappingFailed("A mapped value is longer than the ERP's field allows."),
  EXPRESSION_TIMEOUT: sandboxLimit('time'),
  EXPRESSION_MEMORY_LIMIT: sandboxLimit('memory'),
  EXPRESSION_OUTPUT_TOO_LARGE: sandboxLimit('output size'),
  EXPRESSION_TOO_DEEP: sandboxLimit('nesting depth'),
  EXPRESSION_SEQUENCE_TOO_LONG: sandboxLimit('sequence length'),
  EXPRESSION_QUARANTINED: mappingFailed('A mapping expression failed the sandbox repeatedly and was quarantined until it is changed.'),
  SANDBOX_CRASHED: {
    ...mappingFailed('The process evaluating the mapping crashed on this event.'),
    nextSteps: [
      'Preview the mapping with this event: if the preview fails too, simplify the expression named in the message.',
      'If the preview succeeds, the crash was passing: replay.',
    ],
    replay: 'yes',
  },
  TENANT_NOT_CONFIGURED: {
    meaning: 'The event arrived for a tenant that has no configuration in force yet.',
    nextSteps: ["Finish the tenant's onboarding (template, connection, credentials).", 'Then replay.'],
    links: [configuration],
    replay: 'after-fix',
    owner: 'tenant',
  },
  CONNECTION_MISSING: {
    meaning: 'The configuration routes this event to an ERP connection that does not exist (removed or misnamed).',
    nextSteps: ['Add the connection, or change the route to one that exists.', 'Then replay.'],
    links: [configuration, connections],
    replay: 'after-fix',
    owner: 'tenant',
  },
  RULE_REJECTED: {
    meaning: "One of the tenant's rules refused the event (it did what the rule says).",
    nextSteps: [
      'If the rule is right, resolve this dead letter: nothing is wrong.',
      'If the rule is wrong, preview the change, save it, then replay.',
    ],
    links: [mappingPreview],
    replay: 'after-fix',
    owner: 'tenant',
  },
  // The ERP's classes, when the ERP gave no code of its own (libs/erp-core).
  RETRYABLE: erpUnavailable,
  THROTTLED: {
    ...erpUnavailable,
    meaning: 'The ERP kept asking Ferry to slow down (rate or concurrency limit) for longer than the retries lasted.',
    nextSteps: ["Check the ERP account's API limits (other integrations may share them).", 'Replay once the limit resets.'],
  },
  AUTH_EXPIRED: {
    meaning: "The ERP no longer accepted the connection's token and refreshing it did not help.",
    nextSteps: ['Check the connection’s credentials in the ERP (token, certificate, integration record).', 'Reconnect, then replay.'],
    links: [reconnect, connections],
    replay: 'after-fix',
    owner: 'tenant',
  },
  AUTH_REVOKED: {
    meaning:
      "The ERP rejected the connection's credentials: they were revoked, rotated or the integration was disabled. The lane is parked.",
    nextSteps: [
      'In the ERP, create new credentials for the Ferry integration (or re-enable it).',
      'Give the connection the new credentials (PUT …/connections/{connectionId} with its credentials).',
      'Resume the parked lane in Connections and lanes; the waiting deliveries go out, then replay these.',
    ],
    links: [reconnect, connections],
    replay: 'after-fix',
    owner: 'tenant',
  },
  VALIDATION: erpRefused,
  CONFLICT: {
    meaning: 'The ERP record changed meanwhile (stale version) or already exists under another id.',
    nextSteps: ['Compare the ERP record with the product (trace the record).', 'Replay once they agree on which record this is.'],
    links: [trace],
    replay: 'after-fix',
    owner: 'tenant',
  },
  NOT_FOUND: {
    meaning: 'The record (or the ERP resource it belongs to) does not exist in the ERP any more.',
    nextSteps: ['Check whether it was deleted in the ERP on purpose.', 'Recreate it from the product, or resolve this dead letter.'],
    links: [trace],
    replay: 'after-fix',
    owner: 'tenant',
  },
  MISSING_REFERENCE: {
    meaning: 'The record refers to something the ERP does not have yet (e.g. an order before its customer), and it did not arrive in time.',
    nextSteps: ['Trace the referenced record and make sure it was delivered.', 'Then replay.'],
    links: [trace],
    replay: 'after-fix',
    owner: 'tenant',
  },
  // Ferry's own pipeline.
  UNEXPECTED_ERROR: {
    meaning: 'Ferry failed on this event in a way it did not expect (a defect, not the data).',
    nextSteps: ['Report it to Ferry’s operators with the dead-letter id.', 'Replay with a dry run once the defect is fixed.'],
    links: [],
    replay: 'after-fix',
    owner: 'operator',
  },
  DATABASE_UNAVAILABLE: platform('A Ferry database was unavailable while this event was processed.'),
  KAFKA_PRODUCE_FAILED: platform('Ferry could not publish the next message for this event to Kafka.'),
  KAFKA_RECORD_REFUSED: brokenMessage('Kafka refused the message Ferry built for this event (too large, or invalid).'),
  REGISTRY_CONFIG_FAILED: platform('The schema registry could not be read or configured.'),
  INTAKE_FAILED: platform('Ingestion could not take the event in (its store was unavailable).'),
  ERP_UNAVAILABLE: erpUnavailable,
  ERP_DOWN: erpUnavailable,
  NOT_A_CANONICAL_EVENT: brokenMessage('The message is not a Ferry event of a known type.'),
  UNKNOWN_SCHEMA_ID: brokenMessage('The message was written with a schema the registry does not know.'),
  MALFORMED_MESSAGE: brokenMessage('The message could not be read (broken encoding).'),
  INVALID_RECORD: brokenMessage('The message does not match its schema.'),
  BAD_PAYLOAD: brokenMessage("The event's payload is not what its type requires."),
  NO_ENTITY_BODY: brokenMessage('The event carries no record to deliver.'),
  VALIDATION_FAILED: {
    meaning: "The record failed Ferry's checks before it was sent (required fields, formats).",
    nextSteps: ['Read which field below.', 'Correct it in the product or the mapping (preview first), then replay.'],
    links: [mappingPreview, trace],
    replay: 'after-fix',
    owner: 'tenant',
  },
  UNQUEUEABLE_COMMAND: brokenMessage('The delivery command could not be queued for its ERP (it names no usable record or connection).'),
  STALE_VERSION: {
    meaning: 'A newer version of this record was delivered first, so this older one was not applied.',
    nextSteps: ['Nothing to fix: resolve this dead letter.'],
    links: [trace],
    replay: 'no',
    owner: 'tenant',
  },
};

/** Guidance per error class, for codes outside the unions (an ERP's own codes); keyed exhaustively too. */
export const CLASS_REMEDIATIONS: Record<KnownErrorClass, Remediation> = {
  retryable: erpUnavailable,
  throttled: REMEDIATIONS.THROTTLED,
  auth_expired: REMEDIATIONS.AUTH_EXPIRED,
  auth_revoked: REMEDIATIONS.AUTH_REVOKED,
  validation: erpRefused,
  conflict: REMEDIATIONS.CONFLICT,
  not_found: REMEDIATIONS.NOT_FOUND,
  missing_reference: REMEDIATIONS.MISSING_REFERENCE,
  mapping: REMEDIATIONS.MAPPING_FAILED,
  configuration: REMEDIATIONS.CONNECTION_MISSING,
  rule: REMEDIATIONS.RULE_REJECTED,
  permanent: REMEDIATIONS.UNEXPECTED_ERROR,
  internal: REMEDIATIONS.UNEXPECTED_ERROR,
  infrastructure: platform('Part of Ferry’s platform was unavailable while this event was processed.'),
  malformed: brokenMessage('The message itself is broken or not a valid Ferry event.'),
};

const UNKNOWN: Remediation = {
  meaning: 'Ferry stopped this event with an error it has no guidance for yet.',
  nextSteps: ['Read the message below.', 'Trace the record; replay with a dry run first to see what would be sent.'],
  links: [trace],
  replay: 'after-fix',
  owner: 'operator',
};

const isKnownCode = (code: string): code is KnownErrorCode => Object.hasOwn(REMEDIATIONS, code);
const isKnownClass = (errorClass: string): errorClass is KnownErrorClass => Object.hasOwn(CLASS_REMEDIATIONS, errorClass);

/** The guidance for a dead letter: by its code, else by its class, else the general advice. */
export function remediationOf(errorClass: string, errorCode: string): Remediation & { matchedBy: 'code' | 'class' | 'none' } {
  if (isKnownCode(errorCode)) return { ...REMEDIATIONS[errorCode], matchedBy: 'code' };
  if (isKnownClass(errorClass)) return { ...CLASS_REMEDIATIONS[errorClass], matchedBy: 'class' };
  return { ...UNKNOWN, matchedBy: 'none' };
}
