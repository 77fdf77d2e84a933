import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createNetSuiteSimulator } from './netsuite-simulator';

/** The admin calls a test or `npm start` uses to act as NetSuite's finance and warehouse team, over HTTP. */
describe('NetSuite simulator: finance and warehouse admin calls', () => {
  let server: Server;
  let url = '';
  const { app, store } = createNetSuiteSimulator();

  beforeAll(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__admin/accounts`;
    await store.create({ accountId: 'TSTDRV1' });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const lines = { items: [{ item: { externalId: 'SKU-1' }, quantity: 1, rate: 80 }] };

  it.each([
    ['an unknown account', '/NOPE/invoices/1/pay', {}, 404],
    ['an unknown invoice', '/TSTDRV1/invoices/999/pay', {}, 404],
    ['an amount that is not a number', '/TSTDRV1/invoices/999/pay', { amount: '10' }, 400],
    ['an unknown order', '/TSTDRV1/salesOrders/999/ship', {}, 404],
    ['a tracking number that is not a string', '/TSTDRV1/salesOrders/999/ship', { trackingNumber: 7 }, 400],
  ])('refuses %s', async (_case, path, body, status) => {
    expect((await call('POST', path, body)).status).toBe(status);
  });

  it('pays part of an invoice, then the rest; a paid invoice cannot be paid again', async () => {
    const invoice = (await call('POST', '/TSTDRV1/records/invoice', { entity: { id: '1' }, item: lines })).body;
    expect((await call('POST', `/TSTDRV1/invoices/${String(invoice['id'])}/pay`, { amount: 30 })).body).toMatchObject({
      invoice: { fields: { amountRemaining: 50, status: { id: 'A' } } },
    });
    expect((await call('POST', `/TSTDRV1/invoices/${String(invoice['id'])}/pay`, {})).body).toMatchObject({
      invoice: { fields: { amountRemaining: 0, status: { id: 'B', refName: 'Paid In Full' } } },
    });
    expect((await call('POST', `/TSTDRV1/invoices/${String(invoice['id'])}/pay`, {})).status).toBe(409);
  });

  it('turns the background team on and off, refusing a switch it cannot read', async () => {
    expect((await call('PUT', '/TSTDRV1/activity', { enabled: 'yes' })).status).toBe(400);
    expect((await call('PUT', '/TSTDRV1/activity', { enabled: true, intervalMs: 50 })).status).toBe(400);
    expect((await call('PUT', '/TSTDRV1/activity', { enabled: true, intervalMs: 100 })).body).toEqual({ enabled: true, intervalMs: 100 });
    const order = (await call('POST', '/TSTDRV1/records/salesOrder', { entity: { id: '1' }, item: lines })).body;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(store.get('TSTDRV1')!.table('salesOrder').get(String(order['id']))!.fields['status']).toEqual({
      id: 'F',
      refName: 'Pending Billing',
    });
    expect(store.get('TSTDRV1')!.table('itemFulfillment').size).toBe(1);
    expect((await call('PUT', '/TSTDRV1/activity', { enabled: false })).body).toEqual({ enabled: false, intervalMs: 10_000 });
    expect(store.get('TSTDRV1')!.activity).toBeUndefined();
  });
});
