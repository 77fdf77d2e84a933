/** A lane: one tenant × ERP connection, driven by one replica at a time. */
export interface LaneKey {
  tenantId: string;
  connectionId: string;
}

/** Tenant and connection ids are lower-case letters, digits and "-" (control plane), so "/" cannot be part of either. */
export function laneId(lane: LaneKey): string {
  return `${lane.tenantId}/${lane.connectionId}`;
}
