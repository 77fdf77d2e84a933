import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Subjects, Topics, entityKey, type SyncStatus } from '@ferry/contracts';
import {
  FerryApiClient,
  TopicCollector,
  onboardNetSuiteTenant,
  sampleCustomerUpserted,
  sampleSalesOrderUpserted,
  startFerry,
  waitUntil,
  type E2eEnvironment,
} from '@ferry/testing';

/**
 * The ops console in a real browser (Debian's Chromium, headless, driven by playwright-core; nothing downloads a
 * browser) against a running Ferry: an operator finds a tenant's dead letter in the fleet, follows the guidance
 * (the mapping is fixed through the control plane), replays it from the console and sees it delivered; resumes
 * a parked lane; sees a new status arrive live, traces a record's journey, and resolves an exception group after
 * reading its remediation; and a tenant's key sees its own tenant only (and opens no other tenant's stream).
 * scripts/ensure-tools.sh installs chromium.
 */
const SERVICES = [
  'netsuite-simulator',
  'control-plane',
  'ingestion',
  'transformation',
  'delivery-netsuite',
  'observability',
  'reconciliation',
  'master-data',
] as const;
const CHROMIUM = '/usr/bin/chromium';
const BROKEN_NAME = 'BROKEN-MAPPING';
/** Set to a folder to keep a screenshot of each view there (docs/console/ holds the ones the docs show). */
const SCREENSHOTS = process.env['FERRY_CONSOLE_SCREENSHOTS'];

interface Tenant {
  tenantId: string;
  accountId: string;
  apiKey: string;
  clientId: string;
}

describe('ops console in Chromium against a running Ferry', () => {
  const run = randomUUID().slice(0, 6);
  const troubled: Tenant = { tenantId: `con-${run}-troubled`, accountId: `TSTDRV-CON${run.toUpperCase()}T`, apiKey: '', clientId: '' };
  const other: Tenant = { tenantId: `con-${run}-other`, accountId: `TSTDRV-CON${run.toUpperCase()}O`, apiKey: '', clientId: '' };
  let ferry: E2eEnvironment;
  let statuses: TopicCollector<SyncStatus>;
  let browser: Browser;
  let consoleUrl: string;
  let brokenEventId: string;
  let otherReadOnlyKey: string;
  const pageErrors: string[] = [];

  const ingest = (tenant: Tenant, events: { type: string; event: unknown }[]) =>
    new FerryApiClient(ferry.processes.url('ingestion'), tenant.apiKey).expectOk('POST', `/v1/tenants/${tenant.tenantId}/events`, {
      events,
    });
  const statusOf = (eventId: string, status: string) =>
    statuses.where((value) => value.eventId === eventId && value.status === status).length > 0;

  const screenshot = async (page: Page, name: string) => {
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
  };
  const breakMappingFor = (name: string) =>
    ferry.controlPlane.expectOk('PUT', `/v1/tenants/${troubled.tenantId}/mappings/customer`, {
      fieldExpressions: { companyName: `customer.name = '${name}' ? $error('no company name for this customer') : customer.name` },
    });

  async function signIn(key: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(consoleUrl);
    await page.getByTestId('key-input').fill(key);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('who').waitFor();
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-tools.sh (apt-get install chromium)`);
    ferry = await startFerry({ purpose: 'e2e', services: SERVICES });
    consoleUrl = `${ferry.processes.url('observability')}/console`;
    statuses = await new TopicCollector<SyncStatus>(Topics.syncStatus).start();
    for (const tenant of [troubled, other]) {
      const onboarded = await onboardNetSuiteTenant({
        controlPlane: ferry.controlPlane,
        tenantId: tenant.tenantId,
        accountId: tenant.accountId,
        simulatorUrl: ferry.simulatorUrl,
      });
      tenant.apiKey = onboarded.apiKey;
      tenant.clientId = onboarded.netsuiteClientId;
    }
    otherReadOnlyKey = (
      await ferry.controlPlane.expectOk<{ apiKey: string }>('POST', `/v1/tenants/${other.tenantId}/api-keys`, {
        scopes: ['read'],
        label: 'console e2e',
      })
    ).apiKey;
    // A mapping that fails on one customer: transformation dead-letters that event (error class "mapping").
    await breakMappingFor(BROKEN_NAME);
    const broken = sampleCustomerUpserted(troubled.tenantId, { customerId: 'c-broken', name: BROKEN_NAME });
    brokenEventId = broken.envelope.eventId;
    await ingest(troubled, [{ type: 'CustomerUpserted', event: broken }]);
    const otherCustomer = sampleCustomerUpserted(other.tenantId, { customerId: 'c1' });
    await ingest(other, [{ type: 'CustomerUpserted', event: otherCustomer }]);
    await waitUntil('the broken customer dead-lettered', () => statusOf(brokenEventId, 'dead_lettered'), 120_000);
    // The other tenant is in the fleet once a status of it was recorded (its routing is enough).
    await waitUntil('the other tenant’s customer routed', () => statusOf(otherCustomer.envelope.eventId, 'routed'), 120_000);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });

  afterEach(() => {
    // The console threw nothing in the browser while a test drove it.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await statuses?.stop();
    await ferry?.stop();
  });

  it('shows the operator the tenant with its dead letter in the fleet, and replaying it from the console delivers it', async () => {
    const page = await signIn(ferry.operatorToken);
    await page.getByTestId('tenant-filter').fill(`con-${run}-`);
    const row = page.locator(`[data-testid="fleet-row"][data-tenant="${troubled.tenantId}"]`);
    await row.getByTestId('open-dead-letters').filter({ hasText: /^1$/ }).waitFor({ timeout: 60_000 });
    await expect(row.getByTestId('health').textContent()).resolves.toBe('attention');
    await expect(
      page.locator(`[data-testid="fleet-row"][data-tenant="${other.tenantId}"]`).getByTestId('open-dead-letters').textContent(),
    ).resolves.toBe('0');
    await screenshot(page, 'fleet');

    await row.getByRole('link', { name: troubled.tenantId }).click();
    const deadLetter = page.getByTestId('dead-letter').first();
    await deadLetter.waitFor();
    await expect(deadLetter.textContent()).resolves.toMatch(/mapping/);
    await expect(deadLetter.textContent()).resolves.toMatch(/Fix the mapping/);
    await screenshot(page, 'tenant-dead-letter');

    // The guidance says: fix the mapping, then replay. The fix goes through the control plane, as an operator would.
    await ferry.controlPlane.expectOk('PUT', `/v1/tenants/${troubled.tenantId}/mappings/customer`, {
      fieldExpressions: { companyName: 'customer.name' },
    });
    await deadLetter.getByTestId('replay').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await screenshot(page, 'replay-dialog');
    await dialog.getByTestId('confirm').click();
    await page.getByTestId('notice').filter({ hasText: 'replayed' }).waitFor();
    await waitUntil('the replayed customer delivered', () => statusOf(brokenEventId, 'delivered'), 120_000);

    // And the console shows it: no open dead letter left, the delivered status found by its event id.
    // The record's history, found by its entity id: dead-lettered, then routed and delivered after the replay.
    await page.getByTestId('status-search').fill('c-broken');
    await page.getByTestId('status-search-submit').click();
    await page.locator('[data-testid="status-row"][data-status="delivered"][data-entity="c-broken"]').waitFor({ timeout: 60_000 });
    const entities = await page
      .locator('[data-testid="status-row"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-entity')));
    expect(new Set(entities)).toEqual(new Set(['c-broken']));
    await page.getByTestId('status-search-by').selectOption('eventId');
    await page.getByTestId('status-search').fill(brokenEventId);
    await page.getByTestId('status-search-submit').click();
    await page.locator('[data-testid="status-row"][data-status="dead_lettered"][data-entity="c-broken"]').waitFor({ timeout: 60_000 });
    await page.getByText('None.').waitFor();
    await page.close();
  });

  it('shows why a replay was refused: someone else replayed the dead letter while the dialog was open', async () => {
    await breakMappingFor('BROKEN-AGAIN');
    const broken = sampleCustomerUpserted(troubled.tenantId, { customerId: 'c-broken-2', name: 'BROKEN-AGAIN' });
    await ingest(troubled, [{ type: 'CustomerUpserted', event: broken }]);
    await waitUntil('the second broken customer dead-lettered', () => statusOf(broken.envelope.eventId, 'dead_lettered'), 120_000);

    const page = await signIn(ferry.operatorToken);
    await page.goto(`${consoleUrl}#/tenants/${troubled.tenantId}`);
    const deadLetter = page.getByTestId('dead-letter').filter({ hasText: broken.envelope.eventId });
    await deadLetter.waitFor({ timeout: 60_000 });
    const deadLetterId = await deadLetter.getAttribute('data-dead-letter');
    await deadLetter.getByTestId('replay').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await new FerryApiClient(ferry.processes.url('observability'), ferry.operatorToken).expectOk(
      'POST',
      `/v1/tenants/${troubled.tenantId}/dead-letters/replay`,
      { ids: [deadLetterId] },
    );
    await dialog.getByTestId('confirm').click();
    await dialog.getByTestId('error').filter({ hasText: 'NOT_OPEN' }).waitFor();
    await expect(dialog.getByTestId('error').textContent()).resolves.toContain(`${deadLetterId}: not replayed`);
    await page.close();
  });

  it('shows a new sync status in the open tenant view without a reload (live, over server-sent events)', async () => {
    const page = await signIn(ferry.operatorToken);
    await page.goto(`${consoleUrl}#/tenants/${other.tenantId}`);
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="status-row"]').first().waitFor({ timeout: 60_000 });
    // A mark on the page's window: a reload (or a navigation) would lose it.
    await page.evaluate(() => ((globalThis as unknown as { ferryMark: string }).ferryMark = 'same page'));
    const customer = sampleCustomerUpserted(other.tenantId, { customerId: `c-live-${run}` });
    await ingest(other, [{ type: 'CustomerUpserted', event: customer }]);
    // While the stream is open the view polls once a minute only: within 20 s the status came over the stream.
    await page.locator(`[data-testid="status-row"][data-entity="c-live-${run}"]`).first().waitFor({ timeout: 20_000 });
    await page.locator(`[data-testid="status-row"][data-entity="c-live-${run}"][data-status="delivered"]`).waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { ferryMark?: string }).ferryMark)).toBe('same page');
    await screenshot(page, 'tenant-live');

    // The record trace, reached by clicking the entity id: its stages in order, the ERP's record id at delivery.
    await waitUntil('the live customer delivered', () => statusOf(customer.envelope.eventId, 'delivered'), 60_000);
    await page
      .locator(`[data-testid="status-row"][data-entity="c-live-${run}"][data-status="delivered"]`)
      .getByTestId('trace-link')
      .click();
    await page.getByTestId('trace-view').waitFor();
    await page.locator('[data-testid="trace-step"][data-status="delivered"]').waitFor({ timeout: 30_000 });
    const steps = await page
      .locator('[data-testid="trace-step"]')
      .evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-stage')}:${row.getAttribute('data-status')}`));
    expect(steps).toEqual(['transformation:routed', 'delivery:delivered']);
    await expect(page.locator('[data-testid="trace-step"][data-status="delivered"]').textContent()).resolves.toMatch(/ERP record \S+/);
    await screenshot(page, 'record-trace');

    // The same journey found by its event id, from the tenant page's search.
    await page.goto(`${consoleUrl}#/tenants/${other.tenantId}`);
    await page.getByTestId('status-search-by').selectOption('eventId');
    await page.getByTestId('status-search').fill(customer.envelope.eventId);
    await page.getByTestId('trace-search').click();
    await page.locator('[data-testid="trace-step"][data-status="delivered"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="trace-step"]').count()).toBe(2);
    await page.close();
  });

  it('groups the exception queue by cause with its remediation, and resolves a group with its resolution time', async () => {
    await breakMappingFor('BROKEN-GROUP');
    const broken = sampleCustomerUpserted(troubled.tenantId, { customerId: 'c-broken-3', name: 'BROKEN-GROUP' });
    await ingest(troubled, [{ type: 'CustomerUpserted', event: broken }]);
    await waitUntil('the third broken customer dead-lettered', () => statusOf(broken.envelope.eventId, 'dead_lettered'), 120_000);

    const observability = new FerryApiClient(ferry.processes.url('observability'), ferry.operatorToken);
    let code = '';
    await waitUntil('its dead letter kept by observability', async () => {
      const found = await observability.expectOk<{ items: { errorCode: string }[] }>(
        'GET',
        `/v1/tenants/${troubled.tenantId}/dead-letters?status=open&eventId=${broken.envelope.eventId}`,
      );
      code = found.items[0]?.errorCode ?? '';
      return code !== '';
    });

    const page = await signIn(ferry.operatorToken);
    await page.goto(`${consoleUrl}#/tenants/${troubled.tenantId}`);
    await page.getByTestId('exceptions-link').click();
    const group = page.locator(`[data-testid="exception-group"][data-code="${code}"]`);
    await group.waitFor({ timeout: 60_000 });
    await expect(group.getByTestId('remediation-meaning').textContent()).resolves.toMatch(
      /mapping could not turn the event into an ERP record/,
    );
    await expect(group.getByTestId('remediation-steps').textContent()).resolves.toMatch(/Preview the mapping with this event/);
    await expect(group.getByTestId('remediation-link').first().textContent()).resolves.toContain(
      `POST control-plane /v1/tenants/${troubled.tenantId}/preview`,
    );
    await screenshot(page, 'exception-queue');

    await group.getByTestId('comment-button').click();
    await page.getByTestId('confirm-dialog').getByTestId('dialog-text').fill('mapping fixed by support');
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await page.getByTestId('notice').filter({ hasText: 'comment added' }).waitFor();
    await group.getByTestId('resolve').click();
    await page.getByTestId('confirm-dialog').getByTestId('dialog-text').fill('mapping fixed; the product sends the customer again');
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await page
      .getByTestId('notice')
      .filter({ hasText: /\d+ resolved/ })
      .waitFor();
    await page.locator(`[data-testid="exception-group"][data-code="${code}"]`).waitFor({ state: 'detached' });
    await page.getByTestId('exceptions-resolved').click();
    const resolved = page.locator(`[data-testid="exception-group"][data-code="${code}"]`);
    await resolved.waitFor();
    await expect(resolved.getByTestId('comment').first().textContent()).resolves.toContain('mapping fixed by support');

    // Recorded: the dead letter is resolved (not replayed), the resolution counted in the tenant's service levels.
    const list = await observability.expectOk<{ items: { eventId: string; status: string }[] }>(
      'GET',
      `/v1/tenants/${troubled.tenantId}/dead-letters?status=resolved&eventId=${broken.envelope.eventId}`,
    );
    expect(list.items.map((item) => item.status)).toEqual(['resolved']);
    const levels = await observability.expectOk<{ exceptions: { resolved: number } }>(
      'GET',
      `/v1/tenants/${troubled.tenantId}/service-levels`,
    );
    expect(levels.exceptions.resolved).toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('shows a tenant’s data quality and merges a doubtful customer pair from the steward review', async () => {
    // A product customer with full details, and a NetSuite record with only a close name: a pair for a steward.
    const full = sampleCustomerUpserted(other.tenantId, { customerId: 'p-borealis', name: 'Borealis Timber AB' });
    Object.assign(full.customer, {
      email: 'info@borealis.example',
      phone: '+46 8 123 456',
      taxId: null,
      billingAddress: { line1: 'Sågvägen 4', line2: null, city: 'Umeå', region: null, postalCode: '903 27', countryCode: 'SE' },
      shippingAddress: null,
      contacts: [],
    });
    const nameOnly = sampleCustomerUpserted(other.tenantId, { customerId: 'netsuite-990', name: 'Borealis Timber' });
    nameOnly.envelope.sourceSystem = 'netsuite';
    Object.assign(nameOnly.customer, { email: null, phone: null, taxId: null, billingAddress: null, shippingAddress: null, contacts: [] });
    for (const event of [full, nameOnly])
      await ferry.producer.publish({
        topic: Topics.productEvents,
        key: entityKey(other.tenantId, 'customer', event.envelope.entityId),
        subject: Subjects.CustomerUpserted,
        value: event,
      });
    const steward = new FerryApiClient(ferry.processes.url('master-data'), ferry.operatorToken);
    await waitUntil(
      'the pair in the review queue',
      async () =>
        (await steward.expectOk<{ items: unknown[] }>('GET', `/v1/tenants/${other.tenantId}/match-reviews`)).items.length > 0 || undefined,
      60_000,
    );

    const page = await signIn(ferry.operatorToken);
    await page.goto(`${consoleUrl}#/tenants/${other.tenantId}`);
    await page.getByTestId('data-quality-link').click();
    await page.getByTestId('data-quality-view').waitFor();
    // No reconciliation run has finished for this tenant: said so, not an error.
    await page.getByTestId('drift-none').waitFor();
    const review = page.getByTestId('match-review');
    await review.waitFor();
    expect(await review.textContent()).toContain('Borealis Timber');
    await screenshot(page, 'tenant-data-quality');
    await review.getByTestId('review-merge').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await page.getByTestId('reviews-none').waitFor();
    const { items } = await steward.expectOk<{ items: unknown[] }>('GET', `/v1/tenants/${other.tenantId}/match-reviews`);
    expect(items).toEqual([]);
    await page.close();
  });

  it('resumes a parked lane from the console after asking', async () => {
    const revoked = await fetch(`${ferry.simulatorUrl}/__admin/accounts/${troubled.accountId}/clients/${troubled.clientId}/revoke`, {
      method: 'POST',
    });
    expect(revoked.ok).toBe(true);
    const order = sampleSalesOrderUpserted(troubled.tenantId, { orderId: 'so-parked', customerId: 'c-broken' });
    await ingest(troubled, [{ type: 'SalesOrderUpserted', event: order }]);
    await waitUntil('the order parked', () => statusOf(order.envelope.eventId, 'parked'), 120_000);

    const page = await signIn(ferry.operatorToken);
    await page.goto(`${consoleUrl}#/tenants/${troubled.tenantId}`);
    const lane = page.locator('[data-testid="lane-row"]').filter({ hasText: 'parked' });
    await lane.waitFor({ timeout: 60_000 });
    await screenshot(page, 'tenant-parked-lane');
    await lane.getByTestId('resume').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await page.getByTestId('notice').filter({ hasText: 'resumed' }).waitFor();
    await page.close();
  });

  it('shows a tenant key its own tenant only, read-only without the admin scope, and refuses the other tenant', async () => {
    const page = await signIn(otherReadOnlyKey);
    await expect(page.getByTestId('who').textContent()).resolves.toContain(other.tenantId);
    // Asking for the other tenant (or the fleet) still shows its own.
    await page.goto(`${consoleUrl}#/tenants/${troubled.tenantId}`);
    await page.locator(`[data-testid="tenant-view"][data-tenant="${other.tenantId}"]`).waitFor();
    await page.goto(`${consoleUrl}#/`);
    await page.locator(`[data-testid="tenant-view"][data-tenant="${other.tenantId}"]`).waitFor();
    expect(await page.getByTestId('fleet-view').count()).toBe(0);
    await page.locator('[data-testid="status-row"]').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('replay').count()).toBe(0);
    await screenshot(page, 'tenant-key-view');

    // Whatever the page does, the APIs behind it refuse the other tenant and the fleet for this key.
    const answers = await page.evaluate(
      async ({ key, tenantId, ownTenantId }) => {
        const get = async (path: string) => (await fetch(path, { headers: { authorization: `Bearer ${key}` } })).status;
        return {
          deadLetters: await get(`/v1/tenants/${tenantId}/dead-letters`),
          fleet: await get('/v1/service-levels'),
          lanes: await get(`/console/api/delivery-netsuite/v1/tenants/${tenantId}/delivery-lanes`),
          connections: await get(`/console/api/control-plane/v1/tenants/${tenantId}/connections`),
          streamToken: (
            await fetch(`/v1/tenants/${tenantId}/events/stream-tokens`, { method: 'POST', headers: { authorization: `Bearer ${key}` } })
          ).status,
          fleetStreamToken: (await fetch('/v1/events/stream-tokens', { method: 'POST', headers: { authorization: `Bearer ${key}` } }))
            .status,
          // Its own tenant's token does not open the other tenant's stream.
          otherStream: await (async () => {
            const own = await fetch(`/v1/tenants/${ownTenantId}/events/stream-tokens`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}` },
            });
            const { token } = (await own.json()) as { token: string };
            return (await fetch(`/v1/tenants/${tenantId}/events/stream?token=${token}`)).status;
          })(),
        };
      },
      { key: otherReadOnlyKey, tenantId: troubled.tenantId, ownTenantId: other.tenantId },
    );
    expect(answers).toEqual({
      deadLetters: 403,
      fleet: 403,
      lanes: 403,
      connections: 403,
      streamToken: 403,
      fleetStreamToken: 403,
      otherStream: 401,
    });
    await page.close();
  });

  it('refuses a key it does not know, saying so', async () => {
    const page = await browser.newPage();
    await page.goto(consoleUrl);
    await page.getByTestId('key-input').fill('fry_000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    await page.getByTestId('sign-in').click();
    await page.getByTestId('error').filter({ hasText: 'HTTP 401' }).waitFor();
    await screenshot(page, 'sign-in-refused');
    await page.close();
  });
});
