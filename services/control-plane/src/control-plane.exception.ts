import { HttpException } from '@nestjs/common';

/** Every error code the control plane answers with; each has one HTTP status, decided by httpStatusOf. */
export type ControlPlaneErrorCode =
  // 400: the request cannot be applied as it stands.
  | 'INVALID_CONFIGURATION'
  | 'INVALID_NAME'
  | 'INVALID_EVENT'
  | 'INVALID_SCHEMA'
  | 'CREDENTIALS_REQUIRED'
  | 'CREDENTIALS_REQUIRED_FOR_NEW_DESTINATION'
  | 'UNSAFE_DESTINATION'
  | 'UNKNOWN_TEMPLATE'
  | 'UNKNOWN_TEMPLATE_VERSION'
  | 'UNKNOWN_ENTITY_TYPE'
  | 'NOT_A_CANONICAL_SUBJECT'
  // 403: allowed to call, not allowed to do this.
  | 'SUSPENSION_OPERATOR_ONLY'
  // 404: what the path names does not exist.
  | 'TENANT_NOT_FOUND'
  | 'VERSION_NOT_FOUND'
  | 'CONNECTION_NOT_FOUND'
  | 'RULE_NOT_FOUND'
  | 'TEMPLATE_NOT_FOUND'
  | 'API_KEY_NOT_FOUND'
  // 409: conflicts with what exists.
  | 'TENANT_EXISTS';

/** The HTTP status of an error code; the switch is exhaustive, so a new code cannot be added without one. */
export function httpStatusOf(code: ControlPlaneErrorCode): 400 | 403 | 404 | 409 {
  switch (code) {
    case 'INVALID_CONFIGURATION':
    case 'INVALID_NAME':
    case 'INVALID_EVENT':
    case 'INVALID_SCHEMA':
    case 'CREDENTIALS_REQUIRED':
    case 'CREDENTIALS_REQUIRED_FOR_NEW_DESTINATION':
    case 'UNSAFE_DESTINATION':
    case 'UNKNOWN_TEMPLATE':
    case 'UNKNOWN_TEMPLATE_VERSION':
    case 'UNKNOWN_ENTITY_TYPE':
    case 'NOT_A_CANONICAL_SUBJECT':
      return 400;
    case 'SUSPENSION_OPERATOR_ONLY':
      return 403;
    case 'TENANT_NOT_FOUND':
    case 'VERSION_NOT_FOUND':
    case 'CONNECTION_NOT_FOUND':
    case 'RULE_NOT_FOUND':
    case 'TEMPLATE_NOT_FOUND':
    case 'API_KEY_NOT_FOUND':
      return 404;
    case 'TENANT_EXISTS':
      return 409;
    default:
      return unknownCode(code);
  }
}

function unknownCode(code: never): never {
  throw new Error(`control-plane error code ${String(code)} has no HTTP status`);
}

/** A control-plane failure in Ferry's one error shape, its status decided by its code. */
export class ControlPlaneException extends HttpException {
  constructor(
    readonly code: ControlPlaneErrorCode,
    message: string,
    details?: unknown,
  ) {
    const status = httpStatusOf(code);
    super({ error: { status, code, message, ...(details ? { details } : {}) } }, status);
  }
}
