import { useRef, useState } from 'preact/hooks';
import { ErrorNote, HealthBadge, time, useLoad } from './components';
import type { ConsoleApi } from './console-api';
import { useLiveStream } from './live';
import {
  fleetQueryString,
  formatDuration,
  formatRatio,
  hashOf,
  liveLabel,
  reloadDelayMs,
  nextSort,
  pageCount,
  tenantHealth,
  type FleetQuery,
  type FleetSortKey,
} from './view-logic';

interface FleetRow {
  tenantId: string;
  backlog: number;
  freshnessSeconds: number;
  oldestUndeliveredEventAt: string | null;
  openExceptions: number;
  successRatio: number | null;
  delivered: number;
  deadLettered: number;
  lastRecordedAt: string | null;
}

interface FleetAnswer {
  total: number;
  items: FleetRow[];
  fleet: { tenants: number; backlog: number; openExceptions: number; successRatio: number | null; freshnessSeconds: number };
  generatedAt: string;
}

const REFRESH_MS = 10_000;
/** Live events reload the page of tenants at most this often: a burst of dead letters is one fetch. */
const LIVE_RELOAD_GAP_MS = 5_000;

/** Every tenant with its health, worst first on request; paged on the server so thousands of tenants stay fast. */
export function FleetView({ api }: { api: ConsoleApi }) {
  const [query, setQuery] = useState<FleetQuery>({
    sort: 'openExceptions',
    order: 'desc',
    page: 0,
    pageSize: 50,
    tenantPrefix: '',
    window: '24h',
  });
  const lastLoad = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The fleet stream brings lane state changes, dead letters and failed statuses: the page reloads soon after one.
  const live = useLiveStream(
    () => api.streamTicket(null),
    () => {
      if (pending.current) return;
      pending.current = setTimeout(
        () => {
          pending.current = undefined;
          reload();
        },
        reloadDelayMs(lastLoad.current, Date.now(), LIVE_RELOAD_GAP_MS),
      );
    },
    [],
  );
  const { data, error, reload } = useLoad(
    () => {
      lastLoad.current = Date.now();
      return api.call<FleetAnswer>('GET', `/v1/service-levels?${fleetQueryString(query)}`);
    },
    [query],
    live === 'live' ? 60_000 : REFRESH_MS,
  );
  const pages = data ? pageCount(data.total, query.pageSize) : 1;
  const header = (column: FleetSortKey, label: string) => (
    <th>
      <a
        href="#/"
        data-testid={`sort-${column}`}
        onClick={(event) => {
          event.preventDefault();
          setQuery(nextSort(query, column));
        }}
      >
        {label}
        {query.sort === column ? (query.order === 'asc' ? ' ▲' : ' ▼') : ''}
      </a>
    </th>
  );
  return (
    <section data-testid="fleet-view">
      <h2>Fleet</h2>
      <p>
        <small data-testid="live-state" data-state={live}>
          {liveLabel(live).replace('new statuses appear', 'lane changes and dead letters show')}
        </small>
      </p>
      {data && (
        <p>
          {data.fleet.tenants} tenants · backlog {data.fleet.backlog} · open dead letters {data.fleet.openExceptions} · success{' '}
          {formatRatio(data.fleet.successRatio)} ({query.window}) · as of {time(data.generatedAt)}
        </p>
      )}
      <div class="grid">
        <input
          type="search"
          placeholder="Tenant id starts with…"
          aria-label="Filter tenants by id prefix"
          data-testid="tenant-filter"
          value={query.tenantPrefix}
          onInput={(event) => setQuery({ ...query, tenantPrefix: (event.target as HTMLInputElement).value, page: 0 })}
        />
        <select
          aria-label="Window"
          value={query.window}
          onChange={(event) => setQuery({ ...query, window: (event.target as HTMLSelectElement).value as FleetQuery['window'], page: 0 })}
        >
          <option value="1h">last hour</option>
          <option value="24h">last 24 hours</option>
          <option value="7d">last 7 days</option>
        </select>
      </div>
      <ErrorNote error={error} />
      <table class="striped" data-testid="fleet-table">
        <thead>
          <tr>
            {header('tenant', 'Tenant')}
            <th>Health</th>
            {header('backlog', 'Backlog')}
            {header('freshness', 'Oldest undelivered')}
            {header('openExceptions', 'Open dead letters')}
            {header('successRatio', 'Success')}
            <th>Last status</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((row) => {
            const health = tenantHealth(row);
            return (
              <tr key={row.tenantId} data-testid="fleet-row" data-tenant={row.tenantId}>
                <td>
                  <a href={hashOf({ view: 'tenant', tenantId: row.tenantId })}>{row.tenantId}</a>
                </td>
                <td>
                  <HealthBadge level={health.level} title={health.reasons.join('; ')} />
                </td>
                <td data-testid="backlog">{row.backlog}</td>
                <td>{row.oldestUndeliveredEventAt ? formatDuration(row.freshnessSeconds) : '–'}</td>
                <td data-testid="open-dead-letters">{row.openExceptions}</td>
                <td>{formatRatio(row.successRatio)}</td>
                <td>{time(row.lastRecordedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <nav>
        <button class="secondary" disabled={query.page === 0} onClick={() => setQuery({ ...query, page: query.page - 1 })}>
          Previous
        </button>{' '}
        page {query.page + 1} of {pages}{' '}
        <button class="secondary" disabled={query.page + 1 >= pages} onClick={() => setQuery({ ...query, page: query.page + 1 })}>
          Next
        </button>
      </nav>
    </section>
  );
}
