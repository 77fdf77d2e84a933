import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Topics, type SyncStatus } from '@ferry/contracts';
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
 * a parked lane; and a tenant's key sees its own tenant only. scripts/ensure-tools.sh installs chromium.
 */
const SERVICES = ['netsuite-simulator', 'control-plane', 'ingestion', 'transformation', 'delivery-netsuite', 'observability'] as const;
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
      async ({ key, tenantId }) => {
        const get = async (path: string) => (await fetch(path, { headers: { authorization: `Bearer ${key}` } })).status;
        return {
          deadLetters: await get(`/v1/tenants/${tenantId}/dead-letters`),
          fleet: await get('/v1/service-levels'),
          lanes: await get(`/console/api/delivery-netsuite/v1/tenants/${tenantId}/delivery-lanes`),
          connections: await get(`/console/api/control-plane/v1/tenants/${tenantId}/connections`),
        };
      },
      { key: otherReadOnlyKey, tenantId: troubled.tenantId },
    );
    expect(answers).toEqual({ deadLetters: 403, fleet: 403, lanes: 403, connections: 403 });
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
