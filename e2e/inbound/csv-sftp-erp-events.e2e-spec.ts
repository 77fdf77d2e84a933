import { randomBytes } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import { Subjects, Topics, type ErpChange } from '@ferry/contracts';
import { generateSshKeyPair } from '@ferry/erp-csv-sftp';
import { TopicCollector, onboardTenant, startFerry, waitUntil, type E2eEnvironment } from '@ferry/testing';

type ErpEvent = { change: ErpChange } & Record<string, unknown>;

const POLL_INTERVAL_SECONDS = 1;
const ARRIVAL_BOUND_MS = POLL_INTERVAL_SECONDS * 1000 + 20_000;
const FOLDER = '/outbound/status';
const STATUS_FILE = [
  'RECORD_TYPE,ERP_ID,EXTERNAL_ID,CHANGED_AT,STATUS,DOC_NO,REASON,CURRENCY,TOTAL,AMOUNT_PAID,BALANCE_DUE,DUE_DATE,AMOUNT,CUSTOMER_ID,APPLIED_TO,ORDER_ID,SHIP_DATE,CARRIER,TRACKING_NO,LINES',
  'ORDERS,L-000101,ferry-so-1,2026-12-02T08:00:00Z,ACKNOWLEDGED,SO-101,,,,,,,,,,,,,,',
  'ORDERS,L-000102,,2026-12-02T08:01:00Z,REJECTED,SO-102,credit hold,,,,,,,,,,,,,',
  'INVOICES,L-000201,ferry-inv-1,2026-12-02T08:02:00Z,PAID,INV-201,,EUR,1250.00,1250.00,0,2026-12-31,,,,,,,,',
  'PAYMENTS,L-000301,,2026-12-02T08:03:00Z,,PAY-301,,EUR,,,,,1250.00,C-1,L-000201:1250.00,,,,,',
  'SHIPMENTS,L-000401,,2026-12-02T08:04:00Z,,SHP-401,,,,,,,,,,L-000101,2026-12-02,DHL,1Z999;1Z998,SKU-1:2;SKU-2:1',
  'INVOICES,L-000202,,yesterday,LOST,INV-202,,,,,,,,,,,,,,',
  '',
].join('\n');

/**
 * ERP → product from a legacy ERP over SFTP, end to end: the ERP drops a status export in its outbound folder
 * (over real SFTP, on the CSV/SFTP simulator); inbound-sync publishes one event per good row on
 * ferry.erp-events.v1, parks the bad row in error/ with its line number and archives the file; the same file
 * dropped again under the same name publishes nothing; a malformed file goes to error/ with its reason.
 */
describe('ERP → product events from a legacy ERP’s status export files over SFTP', () => {
  const run = randomBytes(3).toString('hex');
  const tenantId = `csvev-${run}`;
  const username = `legacyev${run}`;
  const key = generateSshKeyPair();
  let ferry: E2eEnvironment;
  let erpEvents: TopicCollector<ErpEvent>;
  let sftp: SftpClient;
  const ofTenant = () => erpEvents.where((event) => event.change.tenantId === tenantId);
  const listing = async (folder: string) => (await sftp.list(folder)).map((entry) => entry.name).sort();
  const drop = async (name: string, content: string) => {
    await sftp.put(Buffer.from(content), `${FOLDER}/${name}.tmp`);
    await sftp.rename(`${FOLDER}/${name}.tmp`, `${FOLDER}/${name}`);
  };

  beforeAll(async () => {
    ferry = await startFerry({
      purpose: 'csvstatus',
      services: ['csv-sftp-simulator', 'control-plane', 'inbound-sync'],
      env: { INBOUND_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS) },
    });
    erpEvents = await new TopicCollector<ErpEvent>(Topics.erpEvents).start();
    const simulator = ferry.processes.url('csv-sftp-simulator');
    const created = await fetch(`${simulator}/__admin/partners`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, publicKey: key.public }),
    });
    expect(created.status).toBe(201);
    const { sftpPort, hostKeyFingerprint } = (await (await fetch(`${simulator}/__admin/probe`)).json()) as {
      sftpPort: number;
      hostKeyFingerprint: string;
    };
    sftp = new SftpClient('e2e-legacy-erp');
    await sftp.connect({ host: '127.0.0.1', port: sftpPort, username, privateKey: key.private });
    await sftp.mkdir(FOLDER, true);
    await onboardTenant({
      controlPlane: ferry.controlPlane,
      tenantId,
      template: 'csv-sftp',
      connection: {
        connectionId: 'legacy',
        erpKind: 'csv_sftp',
        baseUrl: `sftp://127.0.0.1:${sftpPort}`,
        authKind: 'ssh_key',
        settings: { host: '127.0.0.1', port: String(sftpPort), username, hostKeyFingerprint, statusExportDirectory: FOLDER },
        credentials: { privateKeyPem: key.private },
      },
    });
  });
  afterAll(async () => {
    await sftp?.end().catch(() => undefined);
    await erpEvents?.stop();
    await ferry?.stop();
  });

  it('publishes each good row once, parks the bad one with its line, archives the file, and ignores it dropped again', async () => {
    await drop('STATUS_20261202T0805.csv', STATUS_FILE);
    await waitUntil('five ERP events of the file', () => ofTenant().length >= 5 || undefined, ARRIVAL_BOUND_MS);
    const bySubject = (subject: string) => ofTenant().filter((message) => message.recordName === subject);
    const orders = bySubject(Subjects.SalesOrderStatusChanged).map((message) => message.value);
    expect(orders).toEqual([
      expect.objectContaining({
        status: 'acknowledged',
        erpOrderNumber: 'SO-101',
        change: expect.objectContaining({
          erpRecordId: 'L-000101',
          externalId: 'ferry-so-1',
          erpKind: 'csv_sftp',
          erpRecordType: 'ORDERS',
        }),
      }),
      expect.objectContaining({ status: 'rejected', reason: 'credit hold' }),
    ]);
    expect(bySubject(Subjects.InvoiceStatusChanged)[0]?.value).toMatchObject({
      status: 'paid',
      total: '1250',
      balanceDue: '0',
      dueDate: '2026-12-31',
      currency: 'EUR',
    });
    expect(bySubject(Subjects.PaymentApplied)[0]?.value).toMatchObject({
      amount: '1250',
      applications: [{ invoiceErpRecordId: 'L-000201', amount: '1250' }],
    });
    const shipment = bySubject(Subjects.ShipmentShipped)[0]!;
    expect(shipment.value).toMatchObject({
      orderErpRecordId: 'L-000101',
      carrier: 'DHL',
      trackingNumbers: ['1Z999', '1Z998'],
      lines: [
        { sku: 'SKU-1', quantity: '2' },
        { sku: 'SKU-2', quantity: '1' },
      ],
    });
    // The polled ERPs' key convention: tenant, entity type, connection and ERP record.
    expect(shipment.key).toBe(`${tenantId}:shipment:legacy/L-000401`);

    await waitUntil('the file archived', async () => (await listing(`${FOLDER}/archive`)).length === 1 || undefined, ARRIVAL_BOUND_MS);
    expect(await listing(`${FOLDER}/archive`)).toEqual([expect.stringMatching(/^STATUS_20261202T0805\.[0-9a-f]{12}\.csv$/)]);
    expect((await listing(FOLDER)).filter((name) => name.endsWith('.csv'))).toEqual([]);
    const [parked] = (await listing(`${FOLDER}/error`)).filter((name) => name.endsWith('.rows.csv'));
    const parkedText = ((await sftp.get(`${FOLDER}/error/${parked}`)) as Buffer).toString('utf8');
    expect(parkedText).toMatch(/^LINE,PROBLEMS,/);
    expect(parkedText).toContain('7,');
    expect(parkedText).toContain('CHANGED_AT ""yesterday""');

    // The same file, same name, same content, uploaded again: archived again, nothing published.
    await drop('STATUS_20261202T0805.csv', STATUS_FILE);
    await waitUntil(
      'the re-dropped file taken from the folder',
      async () => !(await listing(FOLDER)).includes('STATUS_20261202T0805.csv') || undefined,
      ARRIVAL_BOUND_MS,
    );
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_SECONDS * 3000));
    expect(ofTenant()).toHaveLength(5);
    expect(new Set(ofTenant().map((message) => message.value.change.eventId)).size).toBe(5);
  });

  it('moves a malformed file to error/ with a reason file and publishes nothing of it', async () => {
    const before = ofTenant().length;
    await drop('STATUS_BROKEN.csv', 'RECORD_TYPE,ERP_ID,COLOUR\nORDERS,L-1,red\n');
    await waitUntil(
      'the malformed file in error/',
      async () =>
        (await listing(`${FOLDER}/error`)).some((name) => /^STATUS_BROKEN\.[0-9a-f]{12}\.csv\.reason\.txt$/.test(name)) || undefined,
      ARRIVAL_BOUND_MS,
    );
    const reasonFile = (await listing(`${FOLDER}/error`)).find((name) => name.startsWith('STATUS_BROKEN') && name.endsWith('.reason.txt'))!;
    expect(((await sftp.get(`${FOLDER}/error/${reasonFile}`)) as Buffer).toString('utf8')).toContain('COLOUR');
    await waitUntil(
      'the malformed file moved',
      async () => !(await listing(FOLDER)).includes('STATUS_BROKEN.csv') || undefined,
      ARRIVAL_BOUND_MS,
    );
    expect(ofTenant()).toHaveLength(before);
  });
});
