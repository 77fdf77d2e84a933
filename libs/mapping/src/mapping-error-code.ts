import type { SandboxLimitCode } from './sandbox/sandbox-protocol';

/** Every code a mapping or routing failure carries (on the dead letter, the sync status and the incident). */
export type MappingErrorCode =
  | 'MAPPING_FAILED'
  | 'UNSAFE_FIELD_PATH'
  | 'FIELD_TOO_LONG'
  | 'TENANT_NOT_CONFIGURED'
  | 'CONNECTION_MISSING'
  | 'RULE_REJECTED'
  | SandboxLimitCode;

/** What a rejected event's dead letter names as its error class: whose fix it needs. */
export type RejectionClass = 'configuration' | 'mapping' | 'rule';

/** The error class of a code; the switch is exhaustive, so a new code cannot be added without one. */
export function rejectionClassOf(code: MappingErrorCode): RejectionClass {
  switch (code) {
    case 'TENANT_NOT_CONFIGURED':
    case 'CONNECTION_MISSING':
      return 'configuration';
    case 'RULE_REJECTED':
      return 'rule';
    case 'MAPPING_FAILED':
    case 'UNSAFE_FIELD_PATH':
    case 'FIELD_TOO_LONG':
    case 'EXPRESSION_TIMEOUT':
    case 'EXPRESSION_MEMORY_LIMIT':
    case 'EXPRESSION_OUTPUT_TOO_LARGE':
    case 'EXPRESSION_TOO_DEEP':
    case 'EXPRESSION_SEQUENCE_TOO_LONG':
    case 'EXPRESSION_QUARANTINED':
    case 'SANDBOX_CRASHED':
      return 'mapping';
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`mapping error code ${String(code)} has no error class`);
}
