import {
  apiErrorMessage,
  fleetQueryString,
  formatDuration,
  formatRatio,
  hashOf,
  laneState,
  liveLabel,
  mayRemediate,
  mergeLiveStatus,
  refreshIntervalMs,
  reloadDelayMs,
  nextSort,
  pageCount,
  remediationFor,
  replaySummary,
  statusQueryString,
  traceStepLine,
  remediationLinkOf,
  routeOf,
  driftLines,
  tenantHealth,
  type FleetQuery,
  type Principal,
} from './view-logic';

const operator: Principal = { kind: 'operator', tenantId: null, scopes: ['read', 'admin'] };
const tenantAdmin: Principal = { kind: 'tenant', tenantId: 'acme', scopes: ['read', 'admin'] };
const tenantReader: Principal = { kind: 'tenant', tenantId: 'acme', scopes: ['read'] };

describe('routeOf', () => {
  it.each([
    ['', operator, { view: 'fleet' }],
    ['#/', operator, { view: 'fleet' }],
    ['#/tenants/globex', operator, { view: 'tenant', tenantId: 'globex' }],
    ['#/tenants/a%20b', operator, { view: 'tenant', tenantId: 'a b' }],
    ['#/tenants/%E0%A4%A', operator, { view: 'fleet' }],
    ['#/tenants/x/y', operator, { view: 'fleet' }],
    ['#/nonsense', operator, { view: 'fleet' }],
    // A tenant key never sees the fleet or another tenant, whatever the URL says.
    ['#/', tenantReader, { view: 'tenant', tenantId: 'acme' }],
    ['#/tenants/globex', tenantAdmin, { view: 'tenant', tenantId: 'acme' }],
    [
      '#/tenants/acme/trace?entityId=c-1&entityType=customer',
      operator,
      { view: 'trace', tenantId: 'acme', target: { by: 'entityId', entityId: 'c-1', entityType: 'customer' } },
    ],
    ['#/tenants/acme/trace?eventId=e-1', tenantReader, { view: 'trace', tenantId: 'acme', target: { by: 'eventId', eventId: 'e-1' } }],
    ['#/tenants/acme/trace?entityId=%20', operator, { view: 'tenant', tenantId: 'acme' }],
    ['#/tenants/acme/exceptions', tenantReader, { view: 'exceptions', tenantId: 'acme' }],
    ['#/tenants/acme/data-quality', operator, { view: 'data-quality', tenantId: 'acme' }],
    ['#/tenants/globex/data-quality', tenantAdmin, { view: 'tenant', tenantId: 'acme' }],
    // Another tenant's trace or queue is no more reachable for a tenant key than its tenant page.
    ['#/tenants/globex/trace?entityId=c-1', tenantAdmin, { view: 'tenant', tenantId: 'acme' }],
    ['#/tenants/globex/exceptions', tenantReader, { view: 'tenant', tenantId: 'acme' }],
  ])('%j as %j → %j', (hash, principal, route) => {
    expect(routeOf(hash, principal)).toEqual(route);
  });

  it('round-trips through hashOf', () => {
    expect(routeOf(hashOf({ view: 'tenant', tenantId: 'a/b c' }), operator)).toEqual({ view: 'tenant', tenantId: 'a/b c' });
    expect(hashOf({ view: 'tenant', tenantId: 'a/b c' })).toBe('#/tenants/a%2Fb%20c');
    expect(routeOf(hashOf({ view: 'tenant', tenantId: 'acme-1' }), operator)).toEqual({ view: 'tenant', tenantId: 'acme-1' });
    for (const route of [
      { view: 'trace', tenantId: 'acme', target: { by: 'entityId', entityId: 'c 1&x', entityType: 'customer' } },
      { view: 'trace', tenantId: 'acme', target: { by: 'eventId', eventId: 'e/1' } },
      { view: 'exceptions', tenantId: 'acme' },
    ] as const)
      expect(routeOf(hashOf(route), operator)).toEqual(route);
  });
});

describe('traceStepLine', () => {
  const step = {
    stage: 'delivery',
    status: 'delivered',
    attempt: 1,
    connectionId: 'ns',
    erpRecordId: null,
    errorCode: null,
    errorMessage: null,
  };
  it.each([
    [step, 'delivery → ns delivered'],
    [{ ...step, erpRecordId: '101' }, 'delivery → ns delivered: ERP record 101'],
    [
      { ...step, status: 'dead_lettered', attempt: 3, errorCode: 'VALIDATION', errorMessage: 'bad email' },
      'delivery → ns (try 3) dead_lettered: VALIDATION — bad email',
    ],
    [{ ...step, stage: 'transformation', status: 'routed', connectionId: null }, 'transformation routed'],
  ])('%j → %s', (input, line) => {
    expect(traceStepLine(input)).toBe(line);
  });
});

describe('mayRemediate', () => {
  it.each([
    [operator, true],
    [tenantAdmin, true],
    [tenantReader, false],
  ])('%j → %s', (principal, allowed) => {
    expect(mayRemediate(principal)).toBe(allowed);
  });
});

describe('tenantHealth', () => {
  const calm = { backlog: 0, freshnessSeconds: 0, openExceptions: 0, successRatio: 1 };
  it.each([
    [calm, 'healthy', []],
    [{ ...calm, successRatio: null }, 'healthy', []],
    [{ ...calm, openExceptions: 2 }, 'attention', ['2 open dead letter(s)']],
    [{ ...calm, backlog: 3, freshnessSeconds: 30 }, 'attention', ['3 waiting for delivery']],
    [{ ...calm, successRatio: 0.6 }, 'attention', ['success 60.0 % (objective 99.0 %)']],
    [{ ...calm, successRatio: 0.995 }, 'healthy', []],
    [{ ...calm, backlog: 3, freshnessSeconds: 7200 }, 'failing', ['oldest undelivered event waiting 2 h']],
    [{ ...calm, parkedLanes: 1, openExceptions: 1 }, 'failing', ['1 parked lane(s)', '1 open dead letter(s)']],
  ])('%j → %s %j', (figures, level, reasons) => {
    expect(tenantHealth(figures)).toEqual({ level, reasons });
  });
});

describe('fleet paging and sorting', () => {
  const query: FleetQuery = { sort: 'tenant', order: 'asc', page: 2, pageSize: 25, tenantPrefix: ' obs- ', window: '24h' };
  it('asks the fleet endpoint for the page, sort and prefix', () => {
    expect(fleetQueryString(query)).toBe('window=24h&sort=tenant&order=asc&limit=25&offset=50&tenant=obs-');
    expect(fleetQueryString({ ...query, tenantPrefix: '' })).not.toContain('tenant=');
  });

  it.each([
    ['backlog', { sort: 'backlog', order: 'desc', page: 0 }],
    ['freshness', { sort: 'freshness', order: 'desc', page: 0 }],
    ['successRatio', { sort: 'successRatio', order: 'asc', page: 0 }],
    ['tenant', { sort: 'tenant', order: 'desc', page: 0 }],
  ] as const)('a click on %s → %j', (column, expected) => {
    expect(nextSort(query, column)).toMatchObject(expected);
  });

  it.each([
    [0, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [5000, 50, 100],
  ])('%d tenants in pages of %d → %d pages', (total, size, pages) => {
    expect(pageCount(total, size)).toBe(pages);
  });
});

describe('statusQueryString', () => {
  it.each([
    [{ by: 'eventId', value: '' }, 'limit=50'],
    [{ by: 'eventId', value: '  ' }, 'limit=50'],
    [{ by: 'eventId', value: ' ev-1 ' }, 'limit=50&eventId=ev-1'],
    [{ by: 'entityId', value: 'cust 1&x=y' }, 'limit=50&entityId=cust+1%26x%3Dy'],
  ] as const)('%j → %s', (search, query) => {
    expect(statusQueryString(search)).toBe(query);
  });
});

describe('remediationFor', () => {
  it.each([
    ['validation', 'after-fix'],
    ['mapping', 'after-fix'],
    ['auth_revoked', 'after-fix'],
    ['retryable', 'yes'],
    ['infrastructure', 'yes'],
    ['malformed', 'no'],
    ['invalid', 'no'],
    ['something-new', 'after-fix'],
    [null, 'after-fix'],
  ])('%s → replay helps: %s', (errorClass, replayHelps) => {
    const guidance = remediationFor(errorClass);
    expect(guidance.replayHelps).toBe(replayHelps);
    expect(guidance.meaning.length).toBeGreaterThan(10);
    expect(guidance.nextStep.length).toBeGreaterThan(10);
  });
});

describe('laneState', () => {
  const lane = { connectionId: 'ns', service: 'delivery-netsuite', parkedReason: null, circuit: null, pending: 0 };
  it.each([
    [lane, 'idle', 'healthy', false],
    [{ ...lane, pending: 4, circuit: 'closed' }, 'delivering', 'healthy', false],
    [{ ...lane, circuit: 'open' }, 'circuit open (ERP failing, waiting to probe)', 'failing', false],
    [{ ...lane, circuit: 'half_open' }, 'circuit half-open (probing the ERP)', 'attention', false],
    [{ ...lane, parkedReason: 'AUTH_REVOKED', circuit: 'open' }, 'parked: AUTH_REVOKED', 'failing', true],
  ])('%j → %s', (input, label, level, resumable) => {
    expect(laneState(input)).toEqual({ label, level, resumable });
  });
});

describe('apiErrorMessage', () => {
  it.each([
    [
      401,
      { error: { code: 'UNAUTHENTICATED', message: 'send a key' } },
      'Your key was not accepted (missing, unknown or revoked) [UNAUTHENTICATED]: send a key (HTTP 401)',
    ],
    [
      403,
      { error: { code: 'WRONG_TENANT', message: 'not for globex' } },
      'Your key may not do this [WRONG_TENANT]: not for globex (HTTP 403)',
    ],
    [404, {}, 'Not found (HTTP 404)'],
    [400, null, 'The request was refused (HTTP 400)'],
    [
      502,
      { error: { code: 'UPSTREAM_UNAVAILABLE', message: 'x did not answer' } },
      'Ferry could not answer [UPSTREAM_UNAVAILABLE]: x did not answer (HTTP 502)',
    ],
    [500, 'not json', 'Ferry could not answer (HTTP 500)'],
  ])('%d %j → %s', (status, body, message) => {
    expect(apiErrorMessage(status, body)).toBe(message);
  });
});

describe('formatting', () => {
  it.each([
    [null, '–'],
    [0, '0 s'],
    [59.6, '60 s'],
    [600, '10 min'],
    [7200, '2 h'],
    [3 * 86400, '3 d'],
  ])('duration %j → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it.each([
    [null, '–'],
    [1, '100.0 %'],
    [0.6, '60.0 %'],
    // Floored, so 99.99 % never reads as meeting a 100 % goal.
    [0.99999, '99.9 %'],
  ])('ratio %j → %s', (ratio, text) => {
    expect(formatRatio(ratio)).toBe(text);
  });
});

describe('replaySummary', () => {
  it('says per item what happened and why not', () => {
    expect(
      replaySummary([
        { deadLetterId: 'a', outcome: 'would_replay' },
        { deadLetterId: 'b', outcome: 'replayed' },
        { deadLetterId: 'c', outcome: 'refused', reason: 'REPLAY_LIMIT: replayed 3 times' },
        { deadLetterId: 'd', outcome: 'failed' },
      ]),
    ).toEqual([
      'a: would be replayed (dry run: nothing was sent)',
      'b: replayed — watch its status below',
      'c: not replayed — REPLAY_LIMIT: replayed 3 times',
      'd: replay failed — no reason given',
    ]);
  });
});

describe('live updates', () => {
  const row = (statusId: string, entityId = 'c-1', eventId = 'e-1') => ({ statusId, entityId, eventId });
  const shown = [row('s-2'), row('s-1')];
  it.each([
    ['a new status goes on top', shown, row('s-3'), { by: 'entityId', value: '' }, 50, ['s-3', 's-2', 's-1']],
    ['one shown already is not shown twice', shown, row('s-2'), { by: 'entityId', value: '' }, 50, ['s-2', 's-1']],
    ['the entity searched for', shown, row('s-3', 'c-1'), { by: 'entityId', value: ' c-1 ' }, 50, ['s-3', 's-2', 's-1']],
    ['another entity than searched for', shown, row('s-3', 'c-2'), { by: 'entityId', value: 'c-1' }, 50, ['s-2', 's-1']],
    ['another event than searched for', shown, row('s-3', 'c-1', 'e-9'), { by: 'eventId', value: 'e-1' }, 50, ['s-2', 's-1']],
    ['the list keeps its limit', shown, row('s-3'), { by: 'entityId', value: '' }, 2, ['s-3', 's-2']],
  ] as const)('%s', (_name, rows, incoming, search, limit, ids) => {
    expect(mergeLiveStatus([...rows], incoming, search, limit)?.map((r) => r.statusId)).toEqual(ids);
  });

  it.each([
    [0, 10_000, 5_000, 0],
    [8_000, 10_000, 5_000, 3_000],
    [10_000, 10_000, 5_000, 5_000],
  ])('last load at %d, now %d, gap %d → reload in %d ms', (last, now, gap, delay) => {
    expect(reloadDelayMs(last, now, gap)).toBe(delay);
  });

  it('leaves a list not loaded yet alone (the first fetch brings it)', () => {
    expect(mergeLiveStatus(null, row('s-1'), { by: 'entityId', value: '' })).toBeNull();
  });

  it.each([
    ['live', 60_000, 'live: new statuses appear as they happen'],
    ['connecting', 5_000, 'connecting to live updates…'],
    ['reconnecting', 5_000, 'live updates interrupted, reconnecting (refreshing every 5 s meanwhile)'],
  ] as const)('%s: polls every %d ms, says %s', (state, ms, label) => {
    expect(refreshIntervalMs(state)).toBe(ms);
    expect(liveLabel(state)).toBe(label);
  });
});

describe('remediationLinkOf', () => {
  it.each([
    [{ kind: 'console', label: 'Lanes', view: 'connections' }, { href: '#/tenants/acme' }],
    [
      { kind: 'api', label: 'Preview', service: 'control-plane', method: 'POST', path: '/v1/tenants/{tenantId}/preview' },
      { call: 'POST control-plane /v1/tenants/acme/preview' },
    ],
    [
      { kind: 'console', label: 'Health', view: 'platform-health' },
      { call: 'GET /health/ready on each service; Grafana’s platform dashboard' },
    ],
  ] as const)('%j → %j', (link, target) => {
    expect(remediationLinkOf(link, 'acme')).toEqual(target);
  });
});

describe('driftLines', () => {
  const none = { erp_edited_after_delivery: 0, delivery_never_applied: 0, missing_in_erp: 0, unknown_in_erp: 0, undetermined: 0 };
  it.each([
    [
      'a tenant in sync',
      { recordsChecked: 10, inSync: 10, drifted: 0, driftedByCause: none, notComparable: 0, unsupported: [], failed: [] },
      ['10 of 10 records in sync, 0 drifted'],
    ],
    [
      'drift by cause, largest first, with totals and what was not checked',
      {
        recordsChecked: 120,
        inSync: 116,
        drifted: 4,
        driftedByCause: { ...none, erp_edited_after_delivery: 1, missing_in_erp: 3 },
        notComparable: 2,
        totalMismatches: 1,
        unsupported: [{ connectionId: 'legacy', recordType: 'customer', reason: 'the csv_sftp connector cannot be read back' }],
        failed: [],
      },
      [
        '116 of 120 records in sync, 4 drifted',
        '3 in Ferry’s books, not in the ERP',
        '1 edited in the ERP after Ferry delivered it',
        '1 period totals differ',
        '2 not comparable',
        'legacy customer not checked: the csv_sftp connector cannot be read back',
      ],
    ],
  ])('%s', (_case, drift, lines) => {
    expect(driftLines(drift)).toEqual(lines);
  });
});
