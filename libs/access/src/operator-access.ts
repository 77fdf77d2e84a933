import type { OperatorRole } from '@ferry/config';
import type { Scope } from './api-key';

/**
 * What a route demands of its caller: a tenant scope (tenant keys with it, on their own tenant; operators by role),
 * 'fleet-read' (operators of any role: fleet-wide views) or 'operator' (fleet administration: admin operators).
 */
export type RequiredScope = Scope | 'fleet-read' | 'operator';

/** The least operator role each requirement needs. Exhaustive: a new requirement cannot be added without its role. */
export function leastOperatorRole(required: RequiredScope): OperatorRole {
  switch (required) {
    case 'read':
    case 'fleet-read':
      return 'viewer';
    case 'ingest':
    case 'admin':
      return 'operator';
    case 'operator':
      return 'admin';
    default:
      return unknownRequirement(required);
  }
}

function unknownRequirement(required: never): never {
  throw new Error(`access requirement ${String(required)} has no operator role`);
}

const RANK: Record<OperatorRole, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether an operator with this role may do what the route demands. */
export function operatorMay(role: OperatorRole, required: RequiredScope): boolean {
  return RANK[role] >= RANK[leastOperatorRole(required)];
}
