/**
 * The business SLIs of tenants, folded from rows the repository reads. Pure, for table-style specs; the API
 * and the metrics exporter serve what these return.
 */

export const SERVICE_LEVEL_WINDOWS = { '1h': 3600_000, '24h': 24 * 3600_000, '7d': 7 * 24 * 3600_000 } as const;
export type ServiceLevelWindow = keyof typeof SERVICE_LEVEL_WINDOWS;

/** Outcomes of a window from the hourly rollup (whole hours: a 24h window starts at the top of its first hour). */
export interface OutcomeRow {
  tenantId: string;
  entityType: string;
  stage: string;
  status: string;
  eventCount: number;
  withinObjectiveCount: number;
}

/** Deliveries routed and not final yet, per tenant and entity type. */
export interface BacklogRow {
  tenantId: string;
  entityType: string;
  count: number;
  oldestEventOccurredAt: Date;
}

export interface OpenExceptionRow {
  tenantId: string;
  count: number;
  oldestOpenedAt: Date;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface OutcomeFigures {
  delivered: number;
  deadLettered: number;
  skipped: number;
  /** delivered / (delivered + dead-lettered) in the window; null without either. */
  successRatio: number | null;
  /** Share of deliveries the ERP acknowledged within the completion objective; null without deliveries. */
  completedWithinObjectiveRatio: number | null;
}

export interface BacklogFigures {
  backlog: number;
  oldestUndeliveredEventAt: string | null;
  /** Age of the oldest undelivered event (0 when nothing waits). */
  freshnessSeconds: number;
}

export interface TenantServiceLevels extends OutcomeFigures, BacklogFigures {
  tenantId: string;
  byEntityType: (OutcomeFigures & BacklogFigures & { entityType: string; completionMs: Percentiles })[];
  exceptions: { open: number; oldestOpenedAt: string | null; resolved: number; resolutionSeconds: Omit<Percentiles, 'p99'> };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function outcomeFigures(rows: OutcomeRow[]): OutcomeFigures {
  let delivered = 0;
  let deadLettered = 0;
  let skipped = 0;
  let withinObjective = 0;
  for (const row of rows) {
    if (row.stage === 'delivery' && row.status === 'delivered') {
      delivered += row.eventCount;
      withinObjective += row.withinObjectiveCount;
    } else if (row.status === 'dead_lettered' || row.status === 'failed') deadLettered += row.eventCount;
    else if (row.status === 'skipped') skipped += row.eventCount;
  }
  return {
    delivered,
    deadLettered,
    skipped,
    successRatio: ratio(delivered, delivered + deadLettered),
    completedWithinObjectiveRatio: ratio(withinObjective, delivered),
  };
}

function backlogFigures(rows: BacklogRow[], now: number): BacklogFigures {
  let backlog = 0;
  let oldest: Date | null = null;
  for (const row of rows) {
    backlog += row.count;
    if (!oldest || row.oldestEventOccurredAt < oldest) oldest = row.oldestEventOccurredAt;
  }
  return {
    backlog,
    oldestUndeliveredEventAt: oldest ? oldest.toISOString() : null,
    freshnessSeconds: oldest ? Math.max(0, Math.round((now - oldest.getTime()) / 1000)) : 0,
  };
}

export function tenantServiceLevels(input: {
  tenantId: string;
  outcomes: OutcomeRow[];
  backlog: BacklogRow[];
  openExceptions: OpenExceptionRow[];
  completionMs: Map<string, Percentiles>;
  resolution: { resolved: number; p50: number | null; p95: number | null };
  now: number;
}): TenantServiceLevels {
  const entityTypes = [...new Set([...input.outcomes.map((row) => row.entityType), ...input.backlog.map((row) => row.entityType)])].sort();
  const open = input.openExceptions.reduce((sum, row) => sum + row.count, 0);
  const oldestOpen = input.openExceptions.map((row) => row.oldestOpenedAt).sort((a, b) => a.getTime() - b.getTime())[0];
  return {
    tenantId: input.tenantId,
    ...outcomeFigures(input.outcomes),
    ...backlogFigures(input.backlog, input.now),
    byEntityType: entityTypes.map((entityType) => ({
      entityType,
      ...outcomeFigures(input.outcomes.filter((row) => row.entityType === entityType)),
      ...backlogFigures(
        input.backlog.filter((row) => row.entityType === entityType),
        input.now,
      ),
      completionMs: input.completionMs.get(entityType) ?? { p50: null, p95: null, p99: null },
    })),
    exceptions: {
      open,
      oldestOpenedAt: oldestOpen ? oldestOpen.toISOString() : null,
      resolved: input.resolution.resolved,
      resolutionSeconds: { p50: input.resolution.p50, p95: input.resolution.p95 },
    },
  };
}

export interface FleetTenantRow extends OutcomeFigures, BacklogFigures {
  tenantId: string;
  openExceptions: number;
  lastRecordedAt: string | null;
}

export const FLEET_SORTS = ['tenant', 'freshness', 'backlog', 'openExceptions', 'successRatio'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];

export interface FleetPage {
  fleet: OutcomeFigures & BacklogFigures & { tenants: number; openExceptions: number };
  total: number;
  items: FleetTenantRow[];
}

const sortKey: Record<FleetSort, (row: FleetTenantRow) => number | string> = {
  tenant: (row) => row.tenantId,
  freshness: (row) => row.freshnessSeconds,
  backlog: (row) => row.backlog,
  openExceptions: (row) => row.openExceptions,
  // A tenant without outcomes sorts as healthy (1): "worst first" lists tenants that actually fail.
  successRatio: (row) => row.successRatio ?? 1,
};

/** Every tenant seen in any source, one row each, sorted (ties by tenant id) and paged, with fleet totals. */
export function fleetServiceLevels(input: {
  outcomes: OutcomeRow[];
  backlog: BacklogRow[];
  openExceptions: OpenExceptionRow[];
  lastRecorded: Map<string, Date>;
  now: number;
  sort: FleetSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  tenantPrefix?: string;
}): FleetPage {
  const byTenant = <T extends { tenantId: string }>(rows: T[]) => {
    const grouped = new Map<string, T[]>();
    for (const row of rows) grouped.set(row.tenantId, [...(grouped.get(row.tenantId) ?? []), row]);
    return grouped;
  };
  const outcomes = byTenant(input.outcomes);
  const backlog = byTenant(input.backlog);
  const exceptions = byTenant(input.openExceptions);
  const tenants = new Set([...outcomes.keys(), ...backlog.keys(), ...exceptions.keys(), ...input.lastRecorded.keys()]);
  const rows: FleetTenantRow[] = [...tenants]
    .filter((tenantId) => !input.tenantPrefix || tenantId.startsWith(input.tenantPrefix))
    .map((tenantId) => ({
      tenantId,
      ...outcomeFigures(outcomes.get(tenantId) ?? []),
      ...backlogFigures(backlog.get(tenantId) ?? [], input.now),
      openExceptions: (exceptions.get(tenantId) ?? []).reduce((sum, row) => sum + row.count, 0),
      lastRecordedAt: input.lastRecorded.get(tenantId)?.toISOString() ?? null,
    }));
  const key = sortKey[input.sort];
  const direction = input.order === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0;
  });
  const included = new Set(rows.map((row) => row.tenantId));
  return {
    fleet: {
      tenants: rows.length,
      ...outcomeFigures(input.outcomes.filter((row) => included.has(row.tenantId))),
      ...backlogFigures(
        input.backlog.filter((row) => included.has(row.tenantId)),
        input.now,
      ),
      openExceptions: rows.reduce((sum, row) => sum + row.openExceptions, 0),
    },
    total: rows.length,
    items: rows.slice(input.offset, input.offset + input.limit),
  };
}
