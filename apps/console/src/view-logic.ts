/**
 * The console's decisions, as plain functions the unit tests call without a browser: which view a URL shows,
 * how healthy a tenant is, what an error class means and what to do about it, what an API error says.
 */

export interface Principal {
  kind: 'operator' | 'tenant';
  tenantId: string | null;
  scopes: string[];
}

/** A record to trace: by its id (and type), or by one of its events. */
export type TraceTarget = { by: 'entityId'; entityId: string; entityType?: string } | { by: 'eventId'; eventId: string };

export type Route =
  | { view: 'fleet' }
  | { view: 'tenant'; tenantId: string }
  | { view: 'trace'; tenantId: string; target: TraceTarget }
  | { view: 'exceptions'; tenantId: string }
  | { view: 'data-quality'; tenantId: string };

function traceTargetOf(query: string): TraceTarget | undefined {
  const params = new URLSearchParams(query);
  const entityId = params.get('entityId')?.trim();
  const eventId = params.get('eventId')?.trim();
  const entityType = params.get('entityType')?.trim();
  if (entityId) return { by: 'entityId', entityId, ...(entityType ? { entityType } : {}) };
  if (eventId) return { by: 'eventId', eventId };
  return undefined;
}

/**
 * `#/` is the fleet, `#/tenants/<id>` a tenant, `#/tenants/<id>/trace?entityId=…` one record's journey,
 * `#/tenants/<id>/exceptions` its exception queue, `#/tenants/<id>/data-quality` its reconciliation drift and match
 * reviews. A tenant's key is always shown its own tenant.
 */
export function routeOf(hash: string, principal: Principal): Route {
  const match = /^#\/tenants\/([^/?#]+)(?:\/(trace|exceptions|data-quality))?(?:\?(.*))?$/.exec(hash);
  let tenantId: string | undefined;
  try {
    tenantId = match ? decodeURIComponent(match[1]!) : undefined;
  } catch {
    tenantId = undefined;
  }
  if (principal.kind === 'tenant') {
    const own = principal.tenantId ?? '';
    if (tenantId !== own) return { view: 'tenant', tenantId: own };
  }
  if (!match || tenantId === undefined)
    return principal.kind === 'tenant' ? { view: 'tenant', tenantId: principal.tenantId ?? '' } : { view: 'fleet' };
  if (match[2] === 'exceptions' && match[3] === undefined) return { view: 'exceptions', tenantId };
  if (match[2] === 'data-quality' && match[3] === undefined) return { view: 'data-quality', tenantId };
  if (match[2] === 'trace') {
    const target = traceTargetOf(match[3] ?? '');
    return target ? { view: 'trace', tenantId, target } : { view: 'tenant', tenantId };
  }
  return { view: 'tenant', tenantId };
}

export function hashOf(route: Route): string {
  if (route.view === 'fleet') return '#/';
  const tenant = `#/tenants/${encodeURIComponent(route.tenantId)}`;
  if (route.view === 'tenant') return tenant;
  if (route.view === 'exceptions') return `${tenant}/exceptions`;
  if (route.view === 'data-quality') return `${tenant}/data-quality`;
  return `${tenant}/trace?${traceQueryString(route.target)}`;
}

/** The record-trace endpoint's query (and the trace route's): the record by id and type, or by an event. */
export function traceQueryString(target: TraceTarget): string {
  const params = new URLSearchParams();
  if (target.by === 'eventId') params.set('eventId', target.eventId);
  else {
    params.set('entityId', target.entityId);
    if (target.entityType) params.set('entityType', target.entityType);
  }
  return params.toString();
}

/** How a trace step reads in one line: stage, try, what happened and the ERP's answer where there is one. */
export function traceStepLine(step: {
  stage: string;
  status: string;
  attempt: number;
  connectionId: string | null;
  erpRecordId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}): string {
  const where = step.connectionId ? ` → ${step.connectionId}` : '';
  const attempt = step.attempt > 1 ? ` (try ${step.attempt})` : '';
  const answer = step.errorCode
    ? `: ${step.errorCode}${step.errorMessage ? ` — ${step.errorMessage}` : ''}`
    : step.erpRecordId
      ? `: ERP record ${step.erpRecordId}`
      : '';
  return `${step.stage}${where}${attempt} ${step.status}${answer}`;
}

/** Replay and resume change what Ferry does: operators, or a tenant key with the admin scope. */
export function mayRemediate(principal: Principal): boolean {
  return principal.kind === 'operator' || principal.scopes.includes('admin');
}

export interface TenantFigures {
  backlog: number;
  freshnessSeconds: number;
  openExceptions: number;
  successRatio: number | null;
  parkedLanes?: number;
}

export type HealthLevel = 'healthy' | 'attention' | 'failing';

/** Thresholds in line with the alert rules: an event waiting over an hour is stale, under 99 % success burns the SLO. */
export const STALE_SECONDS = 3600;
export const SUCCESS_OBJECTIVE = 0.99;

export function tenantHealth(figures: TenantFigures): { level: HealthLevel; reasons: string[] } {
  const failing: string[] = [];
  const attention: string[] = [];
  if ((figures.parkedLanes ?? 0) > 0) failing.push(`${figures.parkedLanes} parked lane(s)`);
  if (figures.freshnessSeconds > STALE_SECONDS)
    failing.push(`oldest undelivered event waiting ${formatDuration(figures.freshnessSeconds)}`);
  if (figures.successRatio !== null && figures.successRatio < SUCCESS_OBJECTIVE)
    attention.push(`success ${formatRatio(figures.successRatio)} (objective ${formatRatio(SUCCESS_OBJECTIVE)})`);
  if (figures.openExceptions > 0) attention.push(`${figures.openExceptions} open dead letter(s)`);
  if (figures.backlog > 0 && figures.freshnessSeconds <= STALE_SECONDS) attention.push(`${figures.backlog} waiting for delivery`);
  if (failing.length) return { level: 'failing', reasons: [...failing, ...attention] };
  if (attention.length) return { level: 'attention', reasons: attention };
  return { level: 'healthy', reasons: [] };
}

export const FLEET_SORTS = ['tenant', 'freshness', 'backlog', 'openExceptions', 'successRatio'] as const;
export type FleetSortKey = (typeof FLEET_SORTS)[number];

export interface FleetQuery {
  sort: FleetSortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
  tenantPrefix: string;
  window: '1h' | '24h' | '7d';
}

/** The fleet endpoint's query string (v1/service-levels), paged from page 0. */
export function fleetQueryString(query: FleetQuery): string {
  const params = new URLSearchParams({
    window: query.window,
    sort: query.sort,
    order: query.order,
    limit: String(query.pageSize),
    offset: String(query.page * query.pageSize),
  });
  const prefix = query.tenantPrefix.trim();
  if (prefix) params.set('tenant', prefix);
  return params.toString();
}

/** Clicking a column sorts by it worst first; clicking it again flips the order. */
export function nextSort(current: FleetQuery, column: FleetSortKey): FleetQuery {
  if (current.sort === column) return { ...current, order: current.order === 'asc' ? 'desc' : 'asc', page: 0 };
  const worstFirst = column === 'tenant' || column === 'successRatio' ? 'asc' : 'desc';
  return { ...current, sort: column, order: worstFirst, page: 0 };
}

export type StatusSearch = { by: 'eventId' | 'entityId'; value: string };

/** The tenant's recent statuses (v1/tenants/:t/sync-statuses), narrowed to one event or one record when asked. */
export function statusQueryString(search: StatusSearch, limit = 50): string {
  const params = new URLSearchParams({ limit: String(limit) });
  const value = search.value.trim();
  if (value) params.set(search.by, value);
  return params.toString();
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

export function liveLabel(state: LiveState): string {
  switch (state) {
    case 'live':
      return 'live: new statuses appear as they happen';
    case 'connecting':
      return 'connecting to live updates…';
    case 'reconnecting':
      return 'live updates interrupted, reconnecting (refreshing every 5 s meanwhile)';
  }
}

/** How often a view polls: slowly while its live stream is open (a safety net), every few seconds without one. */
export function refreshIntervalMs(state: LiveState): number {
  return state === 'live' ? 60_000 : 5_000;
}

/** How long to wait before reloading after a live event, so reloads are at least `gapMs` apart. */
export function reloadDelayMs(lastLoadAt: number, now: number, gapMs: number): number {
  return Math.max(0, lastLoadAt + gapMs - now);
}

export interface LiveStatusRow {
  statusId: string;
  eventId: string;
  entityId: string;
}

/**
 * A status pushed by the live stream, put on top of the statuses shown: unless the search in force excludes it or it
 * is shown already (a refetch may have brought it first); the list keeps its length limit.
 */
export function mergeLiveStatus<T extends LiveStatusRow>(rows: T[] | null, row: T, search: StatusSearch, limit = 50): T[] | null {
  if (!rows) return rows;
  const wanted = search.value.trim();
  if (wanted && row[search.by] !== wanted) return rows;
  if (rows.some((shown) => shown.statusId === row.statusId)) return rows;
  return [row, ...rows].slice(0, limit);
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

export interface Remediation {
  meaning: string;
  nextStep: string;
  /** Whether replaying as is can help (the cause may be gone), or something must change first. */
  replayHelps: 'yes' | 'after-fix' | 'no';
}

/** Plain-language guidance per error class, for support engineers and tenant admins. */
export function remediationFor(errorClass: string | null): Remediation {
  switch (errorClass ?? '') {
    case 'validation':
      return {
        meaning: 'The ERP refused the record: a value it does not accept (a format, a missing required field, a closed period).',
        nextStep: 'Read the ERP message below, correct the data in the product or the tenant mapping, then replay.',
        replayHelps: 'after-fix',
      };
    case 'mapping':
      return {
        meaning: 'The tenant mapping could not turn the event into an ERP record (a field expression failed).',
        nextStep: 'Fix the mapping named in the message (control plane: PUT …/mappings/<entity>, preview first), then replay.',
        replayHelps: 'after-fix',
      };
    case 'rule':
      return {
        meaning: 'A tenant rule rejected the event on purpose.',
        nextStep: 'Check with the tenant whether the rule is right; replay only if the rule was changed.',
        replayHelps: 'after-fix',
      };
    case 'configuration':
      return {
        meaning: 'The tenant has no usable configuration for this event (no connection or mapping for it).',
        nextStep: 'Complete the tenant configuration in the control plane, then replay.',
        replayHelps: 'after-fix',
      };
    case 'auth_revoked':
    case 'auth_expired':
      return {
        meaning: 'The ERP refused the tenant credentials; the lane is parked so nothing is lost.',
        nextStep: 'Ask the tenant to reconnect (new credentials through the control plane resume the lane), or resume it once fixed.',
        replayHelps: 'after-fix',
      };
    case 'missing_reference':
      return {
        meaning: 'The record refers to something the ERP does not have yet (e.g. an order before its customer).',
        nextStep: 'Make sure the referenced record was delivered (look for it below), then replay.',
        replayHelps: 'after-fix',
      };
    case 'conflict':
    case 'not_found':
      return {
        meaning: 'The ERP record changed or disappeared in a way Ferry cannot resolve by itself.',
        nextStep: 'Compare the ERP record with the product; replay once they agree on which record this is.',
        replayHelps: 'after-fix',
      };
    case 'retryable':
    case 'throttled':
    case 'infrastructure':
    case 'internal':
      return {
        meaning: 'A temporary failure outlasted the retries (ERP or Ferry unavailable, throttling).',
        nextStep: 'Check platform health; once the ERP answers again, replay.',
        replayHelps: 'yes',
      };
    case 'malformed':
    case 'unknown_schema':
    case 'invalid':
      return {
        meaning: 'The message itself is broken or not a valid Ferry event; replaying it cannot succeed.',
        nextStep: 'Fix the sender (the product integration) and send the event again.',
        replayHelps: 'no',
      };
    default:
      return {
        meaning: 'Ferry stopped this event with a permanent error.',
        nextStep: 'Read the message below; replay with a dry run first to see what would be sent.',
        replayHelps: 'after-fix',
      };
  }
}

export interface LaneSummary {
  connectionId: string;
  service: string;
  parkedReason: string | null;
  circuit: string | null;
  pending: number;
}

export function laneState(lane: LaneSummary): { label: string; level: HealthLevel; resumable: boolean } {
  if (lane.parkedReason) return { label: `parked: ${lane.parkedReason}`, level: 'failing', resumable: true };
  if (lane.circuit === 'open') return { label: 'circuit open (ERP failing, waiting to probe)', level: 'failing', resumable: false };
  if (lane.circuit === 'half_open') return { label: 'circuit half-open (probing the ERP)', level: 'attention', resumable: false };
  return { label: lane.pending > 0 ? 'delivering' : 'idle', level: 'healthy', resumable: false };
}

/** One readable sentence from a failed API call, in Ferry's error shape or not. */
export function apiErrorMessage(status: number, body: unknown): string {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const detail = typeof error?.message === 'string' ? error.message : undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const prefix =
    status === 401
      ? 'Your key was not accepted (missing, unknown or revoked)'
      : status === 403
        ? 'Your key may not do this'
        : status === 404
          ? 'Not found'
          : status >= 500
            ? 'Ferry could not answer'
            : 'The request was refused';
  return `${prefix}${code ? ` [${code}]` : ''}${detail ? `: ${detail}` : ''} (HTTP ${status})`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 1) return '0 s';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export function formatRatio(ratio: number | null): string {
  if (ratio === null) return '–';
  return `${(Math.floor(ratio * 1000) / 10).toFixed(1)} %`;
}

/** Outcomes of a replay as one line per item; refusals and failures with their reason. */
export function replaySummary(items: { deadLetterId: string; outcome: string; reason?: string }[]): string[] {
  return items.map((item) => {
    switch (item.outcome) {
      case 'would_replay':
        return `${item.deadLetterId}: would be replayed (dry run: nothing was sent)`;
      case 'replayed':
        return `${item.deadLetterId}: replayed — watch its status below`;
      default:
        return `${item.deadLetterId}: ${item.outcome === 'failed' ? 'replay failed' : 'not replayed'} — ${item.reason ?? 'no reason given'}`;
    }
  });
}

/** Where a remediation step is done, as the API describes it (observability's exception-groups). */
export type RemediationLink =
  | { kind: 'console'; label: string; view: 'connections' | 'trace' | 'platform-health' }
  | { kind: 'api'; label: string; service: string; method: string; path: string };

/**
 * A remediation link in the console: a console view it can open (connections are on the tenant page), or the API
 * call to make, with the tenant filled in (the console has no editor for mappings or credentials yet).
 */
export function remediationLinkOf(link: RemediationLink, tenantId: string): { href?: string; call?: string } {
  if (link.kind === 'api')
    return { call: `${link.method} ${link.service} ${link.path.replace('{tenantId}', encodeURIComponent(tenantId))}` };
  switch (link.view) {
    case 'connections':
      return { href: hashOf({ view: 'tenant', tenantId }) };
    case 'trace':
      return { call: 'click an entity id in the tenant’s statuses, or trace it by id' };
    case 'platform-health':
      return { call: 'GET /health/ready on each service; Grafana’s platform dashboard' };
  }
}

/** A reconciliation run's drift, as the reconciliation service summarises a tenant's latest finished run. */
export interface DriftSummary {
  recordsChecked: number;
  inSync: number;
  drifted: number;
  driftedByCause: Record<string, number>;
  notComparable: number;
  totalMismatches?: number;
  unsupported: { connectionId: string; recordType: string; reason: string }[];
  failed: unknown[];
}

const CAUSES: Record<string, string> = {
  erp_edited_after_delivery: 'edited in the ERP after Ferry delivered it',
  delivery_never_applied: 'delivered, but the ERP does not show it',
  missing_in_erp: 'in Ferry’s books, not in the ERP',
  unknown_in_erp: 'in the ERP only',
  undetermined: 'differs, cause unknown',
};

/** The drift of a tenant's latest run in plain words, one line per cause that has records, largest first. */
export function driftLines(drift: DriftSummary): string[] {
  const lines = [`${drift.inSync} of ${drift.recordsChecked} records in sync, ${drift.drifted} drifted`];
  for (const [cause, count] of Object.entries(drift.driftedByCause).sort(([, a], [, b]) => b - a))
    if (count > 0) lines.push(`${count} ${CAUSES[cause] ?? cause.replace(/_/g, ' ')}`);
  if ((drift.totalMismatches ?? 0) > 0) lines.push(`${drift.totalMismatches} period totals differ`);
  if (drift.notComparable > 0) lines.push(`${drift.notComparable} not comparable`);
  for (const unsupported of drift.unsupported)
    lines.push(`${unsupported.connectionId} ${unsupported.recordType} not checked: ${unsupported.reason}`);
  return lines;
}
