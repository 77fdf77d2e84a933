import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { join } from 'node:path';
import cds, { type CdsRequest } from '@sap/cds';
import cov2ap from '@cap-js-community/odata-v2-adapter';
import express, { type NextFunction, type Request, type Response } from 'express';
import { S4FilterError, matchesFilter } from './s4-filter';
import {
  S4StateError,
  billOrder,
  cancelBillingDocument,
  clearBillingDocument,
  deliverOrder,
  newSalesOrderStatus,
  rejectOrder,
  teamStep,
} from './s4-order-to-cash';

type Row = Record<string, unknown>;

export interface S4Faults {
  latencyMs: number;
  errorRate: number;
  throttleRate: number;
  retryAfterSeconds: number;
  maintenance: boolean;
}

const DEFAULT_FAULTS: S4Faults = { latencyMs: 0, errorRate: 0, throttleRate: 0, retryAfterSeconds: 5, maintenance: false };

export class S4System {
  readonly tables = new Map<string, Map<string, Row>>();
  faults: S4Faults = { ...DEFAULT_FAULTS };
  /** CSRF tokens by session cookie. */
  readonly sessions = new Map<string, string>();
  /** What was paid against each billing document (Financial Accounting's side; the API does not show it). */
  readonly clearedAmounts = new Map<string, number>();
  /** The background team (admin `activity` switch), while it is on. */
  activity: { timer: NodeJS.Timeout; intervalMs: number } | undefined;
  private numbers = new Map<string, number>();
  private lastChange = 0;

  constructor(
    readonly systemId: string,
    readonly users: Map<string, string>,
  ) {}

  table(entity: string): Map<string, Row> {
    let table = this.tables.get(entity);
    if (!table) this.tables.set(entity, (table = new Map()));
    return table;
  }

  nextNumber(entity: string, width: number, start: number): string {
    const next = (this.numbers.get(entity) ?? start) + 1;
    this.numbers.set(entity, next);
    return String(next).padStart(width, '0');
  }

  /** Strictly increasing change timestamps, so every write gets a new ETag even within a millisecond. */
  changeTimestamp(): string {
    this.lastChange = Math.max(Date.now(), this.lastChange + 1);
    return new Date(this.lastChange).toISOString();
  }
}

const KEYS: Record<string, { key: string; width: number; start: number }> = {
  A_BusinessPartner: { key: 'BusinessPartner', width: 7, start: 1000000 },
  A_SalesOrder: { key: 'SalesOrder', width: 10, start: 0 },
};
/** Entities S/4 makes itself (billing, shipping): read only through the API, made by the admin calls. */
const READ_ONLY_KEYS: Record<string, string> = { A_BillingDocument: 'BillingDocument', A_OutbDeliveryHeader: 'DeliveryDocument' };
/** Navigation properties served only when $expand names them. */
const NAVIGATIONS = new Set(['to_Item', 'to_BusinessPartnerAddress', 'to_DeliveryDocumentItem']);
const SERVICES = ['API_BUSINESS_PARTNER', 'API_SALES_ORDER_SRV', 'API_BILLING_DOCUMENT_SRV', 'API_OUTBOUND_DELIVERY_SRV'];

function basicUser(authorization: string | undefined): [string, string] | undefined {
  if (!authorization?.startsWith('Basic ')) return undefined;
  const [user, ...rest] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
  return user ? [user, rest.join(':')] : undefined;
}

function sapMessage(
  status: number,
  code: string,
  message: string,
  target?: string,
): { code: string; status: number; message: string; target?: string } {
  return { code, status, message, ...(target ? { target } : {}) };
}

/**
 * SAP S/4HANA Cloud's OData V2 APIs built on SAP's own CAP framework (@sap/cds 9) and its OData V2 adapter,
 * which serves SAP-shaped V2 (d / d.results / __metadata / __next, innererror.errordetails). Added here what CAP
 * lacks: the CSRF token protocol (X-CSRF-Token: Fetch with a session cookie; 403 "Required" without it), basic
 * authentication per communication user, one in-memory S/4 system per user, strict If-Match on updates (428 when
 * missing — CAP's own — and 412 when stale), and fault switches.
 */
export async function createSapS4Simulator() {
  const systems = new Map<string, S4System>();
  const userSystems = new Map<string, S4System>();
  const model = join(__dirname, '..', 'cds', 's4-apis.cds').replace(`${join('dist', 'simulators')}`, 'simulators');
  cds.log('cds', 'error');
  cds.log('odata', 'error');
  cds.log('cov2ap', 'error');
  const csn = await cds.load(model);
  // $expand resolves navigation targets through the global model (cds.infer); the services are served from it.
  cds.model = cds.linked(cds.compile.for.nodejs(csn));
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));
  const admin = express.Router();
  admin.use(express.json());
  admin.post('/systems', (request, response) => {
    const { systemId, users } = request.body as { systemId?: string; users?: { user: string; password: string }[] };
    if (!systemId) return void response.status(400).json({ error: 'systemId is required' });
    const system = new S4System(systemId, new Map((users ?? []).map((u) => [u.user, u.password])));
    systems.set(systemId, system);
    for (const user of system.users.keys()) userSystems.set(user, system);
    response.status(201).json({ systemId });
  });
  admin.get('/systems/:systemId/entities/:entity', (request, response) => {
    response.json([
      ...(systems
        .get(request.params['systemId'] ?? '')
        ?.table(request.params['entity'] ?? '')
        .values() ?? []),
    ]);
  });
  admin.patch('/systems/:systemId/entities/:entity/:key', (request, response) => {
    const system = systems.get(request.params['systemId'] ?? '');
    const row = system?.table(request.params['entity'] ?? '').get(request.params['key'] ?? '');
    if (!system || !row) return void response.status(404).json({ error: 'no such record' });
    Object.assign(row, request.body as Row, { LastChangeDateTime: system.changeTimestamp() });
    response.json(row);
  });
  // What S/4's own users do to a sales order and its documents (shipping, billing, finance, sales).
  const step = (path: string, act: (system: S4System, key: string, body: Record<string, unknown>) => Row) =>
    admin.post(`/systems/:systemId/${path}`, (request, response) => {
      const system = systems.get(request.params['systemId'] ?? '');
      if (!system) return void response.status(404).json({ error: 'no such system' });
      try {
        response
          .status(201)
          .json(act(system, String((request.params as Record<string, string>)['key']), (request.body ?? {}) as Record<string, unknown>));
      } catch (error) {
        if (!(error instanceof S4StateError)) throw error;
        response.status(/does not exist/.test(error.message) ? 404 : 409).json({ error: error.message });
      }
    });
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  step('salesOrders/:key/deliver', (system, key, body) =>
    deliverOrder(system, key, { billOfLading: text(body['billOfLading']), meansOfTransport: text(body['meansOfTransport']) }),
  );
  step('salesOrders/:key/bill', (system, key) => billOrder(system, key));
  step('salesOrders/:key/reject', (system, key) => rejectOrder(system, key));
  step('billingDocuments/:key/clear', (system, key, body) =>
    clearBillingDocument(system, key, typeof body['amount'] === 'number' ? body['amount'] : undefined),
  );
  step('billingDocuments/:key/cancel', (system, key) => cancelBillingDocument(system, key));
  admin.put('/systems/:systemId/activity', (request, response) => {
    const system = systems.get(request.params['systemId'] ?? '');
    if (!system) return void response.status(404).json({ error: 'no such system' });
    const { enabled, intervalMs = 10_000 } = (request.body ?? {}) as { enabled?: unknown; intervalMs?: unknown };
    if (typeof enabled !== 'boolean' || typeof intervalMs !== 'number' || !(intervalMs >= 100))
      return void response.status(400).json({ error: 'enabled must be a boolean and intervalMs a number of at least 100' });
    clearInterval(system.activity?.timer);
    system.activity = enabled ? { timer: setInterval(() => teamStep(system), intervalMs).unref(), intervalMs } : undefined;
    response.json({ enabled, intervalMs });
  });
  admin.put('/systems/:systemId/faults', (request, response) => {
    const system = systems.get(request.params['systemId'] ?? '');
    if (!system) return void response.status(404).json({ error: 'no such system' });
    system.faults = { ...DEFAULT_FAULTS, ...(request.body as Partial<S4Faults>) };
    response.json(system.faults);
  });
  app.use('/__admin', admin);

  // Basic authentication, faults and the CSRF protocol, in front of the V2 endpoints.
  app.use('/sap/opu/odata/sap', async (request: Request, response: Response, next: NextFunction) => {
    const credentials = basicUser(request.get('authorization'));
    const system = credentials ? userSystems.get(credentials[0]) : undefined;
    const password = credentials && system ? (system.users.get(credentials[0]) ?? '') : '';
    if (
      !credentials ||
      !system ||
      password.length !== credentials[1].length ||
      !timingSafeEqual(Buffer.from(password), Buffer.from(credentials[1]))
    ) {
      return void response
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="SAP NetWeaver Application Server [S4H/100]"')
        .send('Logon failed');
    }
    const { faults } = system;
    if (faults.maintenance)
      return void response
        .status(503)
        .set('Content-Type', 'text/html')
        .send('<html><body>Service unavailable: the system is in maintenance</body></html>');
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    if (Math.random() < faults.throttleRate)
      return void response.status(429).set('Retry-After', String(faults.retryAfterSeconds)).send('Too Many Requests');
    if (Math.random() < faults.errorRate)
      return void response.status(500).json({
        error: {
          code: '/IWBEP/CM_MGW_RT/022',
          message: { lang: 'en', value: 'Internal server error' },
          innererror: { errordetails: [] },
        },
      });
    const cookie = /SAP_SESSIONID_S4H_100=([\w-]+)/.exec(request.get('cookie') ?? '')?.[1];
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (/^fetch$/i.test(request.get('x-csrf-token') ?? '')) {
        const session = cookie && system.sessions.has(cookie) ? cookie : randomBytes(16).toString('hex');
        const token = system.sessions.get(session) ?? randomBytes(18).toString('base64');
        system.sessions.set(session, token);
        response.set('x-csrf-token', token).cookie('SAP_SESSIONID_S4H_100', session, { httpOnly: true, path: '/' });
      }
    } else {
      const expected = cookie ? system.sessions.get(cookie) : undefined;
      if (!expected || request.get('x-csrf-token') !== expected) {
        return void response.status(403).set('x-csrf-token', 'Required').send('CSRF token validation failed');
      }
    }
    next();
  });

  // SAP serves V2 metadata; generate it from the same model (the adapter's own $metadata route fails on CDS 9 here).
  for (const service of SERVICES) {
    const edmx = cds.compile.to.edmx(csn, { service, version: 'v2' }) as unknown as string;
    app.get(`/sap/opu/odata/sap/${service}/$metadata`, (_request, response) => void response.type('application/xml').send(edmx));
  }
  app.use(cov2ap({ model, path: 'sap/opu/odata/sap', targetPath: 'sap/opu/odata4' }));

  const systemOf = (req: { http?: { req?: { headers: Record<string, string | string[] | undefined> } } }) => {
    const user = basicUser(String(req.http?.req?.headers['authorization'] ?? ''))?.[0];
    return user ? userSystems.get(user) : undefined;
  };

  /**
   * GET on an entity set or one entity: one key, or $filter (see matchesFilter), $orderby on one property
   * (time columns in time order, others as text), $skip/$top; navigation properties only when $expand names them.
   */
  const read = (service: cds.Service, entity: string, key: string, req: CdsRequest) => {
    const system = systemOf(req as never);
    if (!system) return req.reject(401, 'Logon failed');
    const select = (
      req.query as {
        SELECT?: {
          columns?: { ref?: string[]; expand?: unknown }[];
          where?: unknown[];
          orderBy?: { ref?: string[]; sort?: string }[];
          limit?: { rows?: { val?: number }; offset?: { val?: number } };
        };
      }
    ).SELECT;
    const expanded = new Set((select?.columns ?? []).filter((column) => column.expand).map((column) => column.ref?.[0]));
    const shape = (row: Row) => Object.fromEntries(Object.entries(row).filter(([name]) => !NAVIGATIONS.has(name) || expanded.has(name)));
    const keyValue = (req.data as Row)[key];
    if (keyValue !== undefined) {
      const row = system.table(entity).get(String(keyValue));
      return row ? shape(row) : req.reject(sapMessage(404, '/IWBEP/CM_MGW_RT/020', `Resource not found for segment '${entity}'`));
    }
    const properties = new Set(Object.keys((service.entities[entity] as { elements?: Record<string, unknown> }).elements ?? {}));
    let rows: Row[];
    try {
      rows = [...system.table(entity).values()].filter((row) => matchesFilter(row, select?.where, properties));
    } catch (error) {
      if (!(error instanceof S4FilterError)) throw error;
      return req.reject(sapMessage(400, '/IWBEP/CM_MGW_RT/004', error.message));
    }
    const [order] = select?.orderBy ?? [];
    const column = order?.ref?.[0];
    if (column) {
      const sign = order.sort === 'desc' ? -1 : 1;
      const time = column === 'LastChangeDateTime' || column === 'LastChangeDate';
      rows.sort((a, b) => {
        const x = time ? Date.parse(String(a[column] ?? '')) || 0 : String(a[column] ?? '');
        const y = time ? Date.parse(String(b[column] ?? '')) || 0 : String(b[column] ?? '');
        return x < y ? -sign : x > y ? sign : 0;
      });
    }
    const offset = select?.limit?.offset?.val ?? 0;
    const limit = select?.limit?.rows?.val ?? rows.length;
    return rows.slice(offset, offset + limit).map(shape);
  };

  for (const service of SERVICES) {
    await cds
      .serve(service)
      .from(csn)
      .with(function (this: cds.Service) {
        for (const [entity, key] of Object.entries(READ_ONLY_KEYS).filter(([name]) => this.entities[name])) {
          this.on('READ', entity, (req) => read(this, entity, key, req));
        }
        for (const entity of Object.keys(KEYS).filter((name) => this.entities[name])) {
          const { key, width, start } = KEYS[entity]!;
          this.on('READ', entity, (req) => read(this, entity, key, req));
          this.on('CREATE', entity, (req) => {
            const system = systemOf(req as never);
            if (!system) return req.reject(401, 'Logon failed');
            const data = req.data as Row;
            if (entity === 'A_BusinessPartner' && data['BusinessPartnerCategory'] === '2' && !data['OrganizationBPName1']) {
              return req.reject(sapMessage(400, 'R11/077', 'Enter a name for the organization', 'OrganizationBPName1'));
            }
            if (entity === 'A_SalesOrder') {
              if (!data['SoldToParty']) return req.reject(sapMessage(400, 'V1/320', 'Enter the sold-to party', 'SoldToParty'));
              if (!system.table('A_BusinessPartner').has(String(data['SoldToParty']))) {
                return req.reject(sapMessage(400, 'V1/303', `Sold-to party ${String(data['SoldToParty'])} does not exist`, 'SoldToParty'));
              }
            }
            const row = {
              ...data,
              ...(entity === 'A_SalesOrder' ? newSalesOrderStatus(data) : {}),
              [key]: system.nextNumber(entity, width, start),
              LastChangeDateTime: system.changeTimestamp(),
            };
            system.table(entity).set(String(row[key]), row);
            return row;
          });
          this.on('UPDATE', entity, (req) => {
            const system = systemOf(req as never);
            if (!system) return req.reject(401, 'Logon failed');
            const data = req.data as Row;
            const row = system.table(entity).get(String(data[key]));
            if (!row) return req.reject(sapMessage(404, '/IWBEP/CM_MGW_RT/020', `Resource not found for segment '${entity}'`));
            const ifMatch = String(req.http?.req?.headers['if-match'] ?? '');
            const current = `W/"${String(row['LastChangeDateTime'])}"`;
            if (ifMatch !== '*' && ifMatch !== current)
              return req.reject(sapMessage(412, '/IWBEP/CM_MGW_RT/044', 'Precondition failed: the entity was changed by someone else'));
            Object.assign(row, data, { LastChangeDateTime: system.changeTimestamp() });
            return row;
          });
        }
      })
      .in(app);
  }
  return {
    app,
    systems,
    /** The V2 adapter binds its routes when the server listens (CAP's own `listening` event). */
    listening(server: Server, url: string): void {
      cds.emit('listening', { server, url });
    },
  };
}
