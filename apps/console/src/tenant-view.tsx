import { useRef, useState } from 'preact/hooks';
import { ConfirmDialog, ErrorNote, HealthBadge, time, useLoad } from './components';
import { tenantPath, type ConsoleApi, type Session } from './console-api';
import { useLiveStream, type LiveEventType } from './live';
import {
  hashOf,
  formatDuration,
  formatRatio,
  laneState,
  liveLabel,
  mergeLiveStatus,
  refreshIntervalMs,
  mayRemediate,
  remediationFor,
  replaySummary,
  statusQueryString,
  tenantHealth,
  type LaneSummary,
  type StatusSearch,
} from './view-logic';

interface Connection {
  connectionId: string;
  erpKind: string;
  displayName?: string;
}
interface DeadLetter {
  deadLetterId: string;
  service: string;
  eventId: string | null;
  errorClass: string;
  errorCode: string;
  errorMessage: string;
  attempts: number;
  deadLetteredAt: string;
  replayCount: number;
  status: 'open' | 'replayed';
}
interface StatusRow {
  statusId: string;
  eventId: string;
  entityType: string;
  entityId: string;
  stage: string;
  status: string;
  connectionId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  configVersion: number | null;
  recordedAt: string;
}
interface ServiceLevels {
  backlog: number;
  freshnessSeconds: number;
  successRatio: number | null;
  delivered: number;
  deadLettered: number;
  exceptions: { open: number; resolved: number; resolutionSeconds: { p50: number | null } };
}
interface ReplayAnswer {
  dryRun: boolean;
  items: { deadLetterId: string; outcome: string; reason?: string }[];
}
type Lane = LaneSummary & { oldestPendingAt: string | null };

/** One tenant: its service levels, lanes (with resume), open dead letters (with guided replay) and recent statuses. */
export function TenantView({ api, session, tenantId }: { api: ConsoleApi; session: Session; tenantId: string }) {
  const [search, setSearch] = useState<StatusSearch>({ by: 'entityId', value: '' });
  // What is typed is kept apart from the search in force, so a refresh never overwrites a half-typed id.
  const [searchBy, setSearchBy] = useState<StatusSearch['by']>('entityId');
  const [searchDraft, setSearchDraft] = useState('');
  const [notice, setNotice] = useState<string[]>([]);
  const [dialog, setDialog] = useState<{ kind: 'replay'; deadLetter: DeadLetter } | { kind: 'resume'; lane: Lane } | null>(null);
  const canAct = mayRemediate(session);
  const deliveryServices = session.services.filter((service) => service.startsWith('delivery-'));
  const searchInForce = useRef(search);
  searchInForce.current = search;
  // Live first: while the stream is open the views poll only as a safety net; without it they poll every 5 s.
  const live = useLiveStream(
    () => api.streamTicket(tenantId),
    (type, data) => onLive(type, data),
    [tenantId],
  );
  const REFRESH_MS = refreshIntervalMs(live);

  const levels = useLoad(() => api.call<ServiceLevels>('GET', tenantPath(tenantId, '/service-levels')), [tenantId], REFRESH_MS);
  const connections = useLoad(
    () =>
      session.services.includes('control-plane')
        ? api.via<{ items: Connection[] }>('control-plane', 'GET', tenantPath(tenantId, '/connections'))
        : Promise.resolve({ items: [] }),
    [tenantId],
  );
  const lanes = useLoad(
    async () => {
      const answers = await Promise.all(
        deliveryServices.map((service) =>
          api.via<{ lanes: Lane[] }>(service, 'GET', tenantPath(tenantId, '/delivery-lanes')).then(
            (answer) => ({ service, lanes: answer.lanes.map((lane) => ({ ...lane, service })), error: null }),
            (error: unknown) => ({ service, lanes: [] as Lane[], error: `${service}: ${(error as Error).message}` }),
          ),
        ),
      );
      return {
        lanes: answers.flatMap((answer) => answer.lanes),
        errors: answers.flatMap((answer) => (answer.error ? [answer.error] : [])),
      };
    },
    [tenantId],
    REFRESH_MS,
  );
  const deadLetters = useLoad(
    () => api.call<{ items: DeadLetter[] }>('GET', tenantPath(tenantId, '/dead-letters?status=open&limit=100')),
    [tenantId],
    REFRESH_MS,
  );
  const statuses = useLoad(
    () => api.call<{ items: StatusRow[] }>('GET', tenantPath(tenantId, `/sync-statuses?${statusQueryString(search)}`)),
    [tenantId, search],
    REFRESH_MS,
  );

  const onLive = (type: LiveEventType, data: unknown) => {
    if (type === 'sync-status') {
      statuses.update((shown) => (shown ? { items: mergeLiveStatus(shown.items, data as StatusRow, searchInForce.current) ?? [] } : shown));
      levels.reload();
    } else if (type === 'lane-state') lanes.reload();
    else if (type === 'dead-letter') {
      deadLetters.reload();
      levels.reload();
    } else {
      // refetch: events were dropped for this tab; what it shows may be stale.
      for (const view of [levels, lanes, deadLetters, statuses]) view.reload();
    }
  };

  const parkedLanes = lanes.data?.lanes.filter((lane) => lane.parkedReason).length ?? 0;
  const health = levels.data ? tenantHealth({ ...levels.data, openExceptions: levels.data.exceptions.open, parkedLanes }) : null;

  const replay = async (deadLetter: DeadLetter, dryRun: boolean) => {
    const answer = await api.call<ReplayAnswer>('POST', tenantPath(tenantId, '/dead-letters/replay'), {
      ids: [deadLetter.deadLetterId],
      dryRun,
    });
    const lines = replaySummary(answer.items);
    if (answer.items.some((item) => item.outcome === 'refused' || item.outcome === 'failed')) throw new Error(lines.join('\n'));
    setNotice(lines);
    deadLetters.reload();
    statuses.reload();
  };
  const resume = async (lane: Lane) => {
    await api.via(lane.service, 'POST', tenantPath(tenantId, `/delivery-lanes/${encodeURIComponent(lane.connectionId)}/resume`));
    setNotice([`${lane.connectionId}: resumed — its waiting deliveries are sent again`]);
    lanes.reload();
  };

  return (
    <section data-testid="tenant-view" data-tenant={tenantId}>
      <h2>
        Tenant {tenantId} {health && <HealthBadge level={health.level} title={health.reasons.join('; ')} />}
      </h2>
      <p>
        <small data-testid="live-state" data-state={live}>
          {live === 'live' ? '● ' : '○ '}
          {liveLabel(live)}
        </small>
      </p>
      {health && health.reasons.length > 0 && <p data-testid="health-reasons">{health.reasons.join(' · ')}</p>}
      {notice.length > 0 && (
        <p class="notice" role="status" data-testid="notice">
          {notice.map((line) => (
            <span key={line}>
              {line}
              <br />
            </span>
          ))}
        </p>
      )}
      <ErrorNote error={levels.error} />
      {levels.data && (
        <p>
          Backlog {levels.data.backlog} · oldest undelivered {formatDuration(levels.data.backlog ? levels.data.freshnessSeconds : null)} ·
          success {formatRatio(levels.data.successRatio)} ({levels.data.delivered} delivered, {levels.data.deadLettered} dead-lettered, 24
          h) · open dead letters {levels.data.exceptions.open}, resolved {levels.data.exceptions.resolved} (median{' '}
          {formatDuration(levels.data.exceptions.resolutionSeconds.p50)})
        </p>
      )}

      <h3>Connections and lanes</h3>
      <ErrorNote error={connections.error} />
      {lanes.data?.errors.map((error) => (
        <ErrorNote key={error} error={error} />
      ))}
      <table data-testid="lanes-table">
        <thead>
          <tr>
            <th>Connection</th>
            <th>ERP</th>
            <th>State</th>
            <th>Waiting</th>
            <th>Oldest waiting</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {laneRows(connections.data?.items ?? [], lanes.data?.lanes ?? []).map(({ connection, lane, connectionId }) => {
            const state = lane ? laneState(lane) : null;
            return (
              <tr key={connectionId} data-testid="lane-row" data-connection={connectionId}>
                <td>{connectionId}</td>
                <td>{connection?.erpKind ?? lane?.service ?? '–'}</td>
                <td>
                  {state ? <HealthBadge level={state.level} title={state.label} /> : null} {state?.label ?? 'no delivery yet'}
                </td>
                <td>{lane?.pending ?? 0}</td>
                <td>{time(lane?.oldestPendingAt)}</td>
                <td>
                  {lane && state?.resumable && canAct && (
                    <button data-testid="resume" onClick={() => setDialog({ kind: 'resume', lane })}>
                      Resume…
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3>Open dead letters</h3>
      <p>
        <a href={hashOf({ view: 'exceptions', tenantId })} data-testid="exceptions-link">
          Exception queue, grouped by cause, with guidance (assign, comment, resolve, replay) →
        </a>
      </p>
      <p>
        <a href={hashOf({ view: 'data-quality', tenantId })} data-testid="data-quality-link">
          Data quality: reconciliation drift and customers to review →
        </a>
      </p>
      <ErrorNote error={deadLetters.error} />
      {deadLetters.data?.items.length === 0 && <p>None.</p>}
      {deadLetters.data?.items.map((deadLetter) => {
        const guidance = remediationFor(deadLetter.errorClass);
        return (
          <article key={deadLetter.deadLetterId} data-testid="dead-letter" data-dead-letter={deadLetter.deadLetterId}>
            <header>
              <strong>{deadLetter.errorClass}</strong> · {deadLetter.errorCode} · {deadLetter.service} · event{' '}
              {deadLetter.eventId ?? '(unknown)'} · {time(deadLetter.deadLetteredAt)} · replayed {deadLetter.replayCount}×
            </header>
            <p>
              <code>{deadLetter.errorMessage}</code>
            </p>
            <p>
              <em>What it means:</em> {guidance.meaning}
              <br />
              <em>Next step:</em> {guidance.nextStep}
            </p>
            {canAct && guidance.replayHelps !== 'no' && (
              <button data-testid="replay" onClick={() => setDialog({ kind: 'replay', deadLetter })}>
                Replay…
              </button>
            )}
          </article>
        );
      })}

      <h3>Recent sync statuses</h3>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setSearch({ by: searchBy, value: searchDraft });
        }}
      >
        <fieldset role="group">
          <select
            aria-label="Search statuses by"
            data-testid="status-search-by"
            value={searchBy}
            onChange={(event) => setSearchBy((event.target as HTMLSelectElement).value as StatusSearch['by'])}
          >
            <option value="entityId">entity id</option>
            <option value="eventId">event id</option>
          </select>
          <input
            type="search"
            placeholder="Search statuses (Enter)"
            aria-label="Search statuses"
            data-testid="status-search"
            value={searchDraft}
            onInput={(event) => setSearchDraft((event.target as HTMLInputElement).value)}
          />
          <button type="submit" data-testid="status-search-submit">
            Search
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="trace-search"
            disabled={!searchDraft.trim()}
            onClick={() => {
              const value = searchDraft.trim();
              location.hash = hashOf({
                view: 'trace',
                tenantId,
                target: searchBy === 'eventId' ? { by: 'eventId', eventId: value } : { by: 'entityId', entityId: value },
              });
            }}
          >
            Trace
          </button>
        </fieldset>
      </form>
      <ErrorNote error={statuses.error} />
      <table class="striped" data-testid="statuses-table">
        <thead>
          <tr>
            <th>Recorded</th>
            <th>Entity</th>
            <th>Stage</th>
            <th>Status</th>
            <th>Connection</th>
            <th>Config</th>
            <th>Event</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {statuses.data?.items.map((row) => (
            <tr key={row.statusId} data-testid="status-row" data-status={row.status} data-entity={row.entityId}>
              <td>{time(row.recordedAt)}</td>
              <td>
                <a
                  data-testid="trace-link"
                  title="Trace this record's journey"
                  href={hashOf({ view: 'trace', tenantId, target: { by: 'entityId', entityId: row.entityId, entityType: row.entityType } })}
                >
                  {row.entityType} {row.entityId}
                </a>
              </td>
              <td>{row.stage}</td>
              <td>{row.status}</td>
              <td>{row.connectionId ?? '–'}</td>
              <td>{row.configVersion ?? '–'}</td>
              <td>
                <code>{row.eventId}</code>
              </td>
              <td>{row.errorCode ? `${row.errorCode}: ${row.errorMessage ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {dialog?.kind === 'replay' && <ReplayDialog deadLetter={dialog.deadLetter} replay={replay} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'resume' && (
        <ConfirmDialog
          title={`Resume ${dialog.lane.connectionId}?`}
          confirmLabel="Resume lane"
          onConfirm={() => resume(dialog.lane)}
          onClose={() => setDialog(null)}
        >
          <p>
            The lane was parked because: <code>{dialog.lane.parkedReason}</code>. Resume only once the cause is fixed (new credentials, the
            ERP account re-enabled); otherwise it parks again at the next refusal. {dialog.lane.pending} deliveries are waiting.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ReplayDialog(props: {
  deadLetter: DeadLetter;
  replay: (deadLetter: DeadLetter, dryRun: boolean) => Promise<void>;
  onClose: () => void;
}) {
  const [dryRun, setDryRun] = useState(false);
  const guidance = remediationFor(props.deadLetter.errorClass);
  return (
    <ConfirmDialog
      title={`Replay dead letter ${props.deadLetter.deadLetterId}?`}
      confirmLabel={dryRun ? 'Dry run' : 'Replay'}
      onConfirm={() => props.replay(props.deadLetter, dryRun)}
      onClose={props.onClose}
    >
      <p>
        Ferry sends event <code>{props.deadLetter.eventId}</code> to {props.deadLetter.service} again, with the tenant's configuration as it
        is now. {guidance.replayHelps === 'after-fix' && 'It fails the same way unless the cause was fixed: '}
        {guidance.nextStep}
      </p>
      <label>
        <input type="checkbox" role="switch" checked={dryRun} onChange={(event) => setDryRun((event.target as HTMLInputElement).checked)} />{' '}
        Dry run (show what would be sent, send nothing)
      </label>
    </ConfirmDialog>
  );
}

/** Every configured connection, with its lane where a delivery service has one (and lanes of removed connections too). */
function laneRows(connections: Connection[], lanes: Lane[]) {
  const ids = [...new Set([...connections.map((c) => c.connectionId), ...lanes.map((l) => l.connectionId)])];
  return ids.map((connectionId) => ({
    connectionId,
    connection: connections.find((c) => c.connectionId === connectionId),
    lane: lanes.find((l) => l.connectionId === connectionId),
  }));
}
