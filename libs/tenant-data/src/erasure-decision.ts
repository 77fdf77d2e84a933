/** How a service's tenant-configuration view sees a tenant when an erasure is asked for. */
export type TenantStanding = 'active' | 'suspended' | 'gone';

export type ErasureDecision = { allowed: true } | { allowed: false; message: string };

/**
 * Whether a tenant's rows may be erased: only once an operator has suspended it (offboarding's first step), or
 * once the control plane has erased it and its configuration is a tombstone (an erasure run again after a failure
 * part-way). A running tenant's data is never erased, whoever asks.
 */
export function decideErasure(tenantId: string, standing: TenantStanding): ErasureDecision {
  switch (standing) {
    case 'suspended':
    case 'gone':
      return { allowed: true };
    case 'active':
      return {
        allowed: false,
        message: `tenant ${tenantId} is active: start its offboarding first (POST /v1/tenants/${tenantId}/offboarding on the control plane suspends it)`,
      };
    default:
      return unknownStanding(standing);
  }
}

function unknownStanding(standing: never): never {
  throw new Error(`tenant standing ${String(standing)} has no erasure decision`);
}

/** The standing of a tenant from its configuration as a view holds it (undefined: never configured, or tombstoned). */
export function standingOf(configuration: { active?: boolean | undefined } | undefined): TenantStanding {
  if (!configuration) return 'gone';
  return configuration.active === false ? 'suspended' : 'active';
}
