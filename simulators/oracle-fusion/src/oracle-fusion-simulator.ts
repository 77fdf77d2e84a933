import { randomInt } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  OracleStateError,
  cancelOrder,
  receiptFor,
  shipOrder,
  systemAttributes,
  teamRound,
  type OracleRecord,
} from './oracle-order-to-cash';

/**
 * Resources the simulator serves, with the columns it accepts, the ones Oracle requires and the lengths of its
 * text columns. Fusion's database uses character length semantics on AL32UTF8: a length counts characters (code
 * points), so an emoji counts once and a CJK character once.
 */
const RESOURCES: Record<
  string,
  { path: string; primaryKey: string; columns: string[]; required: string[]; maxLengths: Record<string, number> }
> = {
  accounts: {
    path: '/crmRestApi/resources/11.13.18.05/accounts',
    primaryKey: 'PartyId',
    columns: ['OrganizationName', 'PrimaryEmailAddress', 'PrimaryPhoneNumber', 'TaxpayerIdentificationNumber'],
    required: ['OrganizationName'],
    maxLengths: {
      OrganizationName: 360,
      PrimaryEmailAddress: 320,
      PrimaryPhoneNumber: 40,
      TaxpayerIdentificationNumber: 20,
      SourceSystemReferenceValue: 255,
    },
  },
  salesOrdersForOrderHub: {
    path: '/fscmRestApi/resources/11.13.18.05/salesOrdersForOrderHub',
    primaryKey: 'HeaderId',
    columns: ['SourceTransactionNumber', 'SourceTransactionSystem', 'TransactionalCurrencyCode', 'BuyingPartyNumber', 'lines'],
    required: ['SourceTransactionNumber', 'BuyingPartyNumber'],
    maxLengths: { SourceTransactionNumber: 50, SourceTransactionSystem: 30, SourceSystemReferenceValue: 255 },
  },
  receivablesInvoices: {
    path: '/fscmRestApi/resources/11.13.18.05/receivablesInvoices',
    primaryKey: 'CustomerTransactionId',
    columns: ['TransactionNumber', 'TransactionDate', 'DueDate', 'InvoiceCurrencyCode', 'BillToCustomerNumber', 'receivablesInvoiceLines'],
    required: ['TransactionNumber', 'BillToCustomerNumber'],
    maxLengths: { TransactionNumber: 20, SourceSystemReferenceValue: 255 },
  },
  standardReceipts: {
    path: '/fscmRestApi/resources/11.13.18.05/standardReceipts',
    primaryKey: 'StandardReceiptId',
    columns: ['ReceiptNumber', 'Amount', 'Currency', 'CustomerAccountNumber', 'remittanceReferences'],
    required: ['ReceiptNumber', 'Amount'],
    maxLengths: { ReceiptNumber: 30, SourceSystemReferenceValue: 255 },
  },
};
const CROSS_REFERENCE = ['SourceSystem', 'SourceSystemReferenceValue'];

/** The pod segment of the URL (Express types a parent router's params loosely). */
function podOf(request: Request): string {
  return String((request.params as Record<string, unknown>)['pod'] ?? '');
}

/** Attributes Fusion sets itself, readable and filterable beside the columns a client writes. */
const SYSTEM_ATTRIBUTES: Record<string, string[]> = {
  salesOrdersForOrderHub: ['OrderNumber', 'StatusCode'],
  receivablesInvoices: ['InvoiceStatus', 'InvoiceBalanceAmount'],
};
const DATE_ATTRIBUTES = new Set(['CreationDate', 'LastUpdateDate', 'TransactionDate', 'DueDate']);

export interface OracleFaults {
  latencyMs: number;
  errorRate: number;
  throttleRate: number;
  retryAfterSeconds: number | null;
  maintenance: boolean;
  resetAfterWrite: boolean;
  removedFields: string[];
}

const DEFAULT_FAULTS: OracleFaults = {
  latencyMs: 0,
  errorRate: 0,
  throttleRate: 0,
  retryAfterSeconds: null,
  maintenance: false,
  resetAfterWrite: false,
  removedFields: [],
};

/** Strictly increasing update times, so two changes in one millisecond still tell their order. */
function clock(): () => string {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last).toISOString();
  };
}

class OraclePod {
  readonly records = new Map<string, Map<number, OracleRecord>>(Object.keys(RESOURCES).map((name) => [name, new Map()]));
  /** Receipt amounts applied to each invoice. */
  readonly applied = new Map<number, number>();
  readonly now = clock();
  /** The background team (admin `activity` switch), while it is on. */
  activity: { timer: NodeJS.Timeout; intervalMs: number } | undefined;
  faults: OracleFaults = { ...DEFAULT_FAULTS };
  constructor(readonly users: Map<string, { password: string; locked: boolean }>) {}
}

/**
 * ADF error documents (application/vnd.oracle.adf.error+json), the detailed form Oracle returns when the
 * client asks for REST-Framework-Version 4 or later: title, status and o:errorDetails with o:errorCode/o:errorPath.
 */
function adfError(
  response: Response,
  status: number,
  title: string,
  details: { detail: string; code?: string; path?: string }[],
  headers: Record<string, string> = {},
): void {
  response
    .status(status)
    .set({ 'Content-Type': 'application/vnd.oracle.adf.error+json', ...headers })
    .send(
      JSON.stringify({
        title,
        status: String(status),
        'o:errorDetails': details.map((d) => ({
          detail: d.detail,
          ...(d.code ? { 'o:errorCode': d.code } : {}),
          ...(d.path ? { 'o:errorPath': d.path } : {}),
        })),
      }),
    );
}

function present(resource: string, record: OracleRecord, base: string): Record<string, unknown> {
  const definition = RESOURCES[resource]!;
  return {
    [definition.primaryKey]: record.id,
    ...record.fields,
    CreationDate: record.CreationDate,
    LastUpdateDate: record.LastUpdateDate,
    links: [{ rel: 'self', href: `${base}${definition.path}/${record.id}`, name: resource, kind: 'item' }],
  };
}

/**
 * Oracle Fusion Cloud REST resources as the ERP serves them: basic authentication, create with POST and
 * upsert with POST + `Upsert-Mode: true` (matched here on the SourceSystem / SourceSystemReferenceValue
 * cross-reference — real resources each have their own alternate keys, a simplification said so here),
 * ADF errors, `limit`/`offset`/`hasMore` paging with `q` filters on LastUpdateDate. Pods are addressed as
 * http://127.0.0.1:<port>/<pod>/… (real: https://<pod>.fa.<region>.oraclecloud.com/…).
 */
export function createOracleFusionSimulator() {
  const pods = new Map<string, OraclePod>();
  let nextId = 300000000001;
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));
  const admin = express.Router();
  admin.use(express.json());
  admin.post('/pods', (request, response) => {
    const { name, users } = request.body as { name?: string; users?: { username: string; password: string }[] };
    if (!name) return void response.status(400).json({ error: 'name is required' });
    pods.set(name, new OraclePod(new Map((users ?? []).map((user) => [user.username, { password: user.password, locked: false }]))));
    response.status(201).json({ name });
  });
  admin.get('/pods/:pod/resources/:resource', (request, response) => {
    const records = pods.get(podOf(request))?.records.get(String(request.params['resource']));
    if (!records) return void response.status(404).json({ error: 'no such pod or resource' });
    response.json([...records.values()]);
  });
  admin.patch('/pods/:pod/resources/:resource/:id', (request, response) => {
    const record = pods.get(podOf(request))?.records.get(String(request.params['resource']))?.get(Number(request.params['id']));
    if (!record) return void response.status(404).json({ error: 'no such record' });
    Object.assign(record.fields, request.body);
    record.LastUpdateDate = pods.get(podOf(request))!.now();
    response.json(record);
  });
  // What Fusion's own users do: ship or cancel an order, apply a customer's receipt to an invoice.
  const step = (path: string, resource: string, act: (pod: OraclePod, record: OracleRecord, body: Record<string, unknown>) => unknown) =>
    admin.post(`/pods/:pod/${resource}/:id/${path}`, (request, response) => {
      const pod = pods.get(podOf(request));
      const record = pod?.records.get(resource)?.get(Number(request.params['id']));
      if (!pod || !record) return void response.status(404).json({ error: 'no such pod or record' });
      try {
        response.status(201).json(act(pod, record, (request.body ?? {}) as Record<string, unknown>));
      } catch (error) {
        if (!(error instanceof OracleStateError)) throw error;
        response.status(409).json({ error: error.message });
      }
    });
  step('ship', 'salesOrdersForOrderHub', (pod, order) => {
    shipOrder(order, pod.now());
    return order;
  });
  step('cancel', 'salesOrdersForOrderHub', (pod, order) => {
    cancelOrder(order, pod.now());
    return order;
  });
  const applyReceipt = (pod: OraclePod, invoice: OracleRecord, requested: number | undefined) => {
    const receipts = pod.records.get('standardReceipts')!;
    const fields = receiptFor(invoice, requested, `RCPT-${receipts.size + 1}`);
    const now = pod.now();
    const receipt: OracleRecord = { id: (nextId += 1 + randomInt(10)), fields, CreationDate: now, LastUpdateDate: now };
    receipts.set(receipt.id, receipt);
    pod.applied.set(invoice.id, (pod.applied.get(invoice.id) ?? 0) + Number(fields['Amount']));
    systemAttributes('receivablesInvoices', invoice, pod.applied.get(invoice.id)!);
    invoice.LastUpdateDate = now;
    return { receipt, invoice };
  };
  step('receipts', 'receivablesInvoices', (pod, invoice, body) =>
    applyReceipt(pod, invoice, typeof body['amount'] === 'number' ? body['amount'] : undefined),
  );
  admin.put('/pods/:pod/activity', (request, response) => {
    const pod = pods.get(podOf(request));
    if (!pod) return void response.status(404).json({ error: 'no such pod' });
    const { enabled, intervalMs = 10_000 } = (request.body ?? {}) as { enabled?: unknown; intervalMs?: unknown };
    if (typeof enabled !== 'boolean' || typeof intervalMs !== 'number' || !(intervalMs >= 100))
      return void response.status(400).json({ error: 'enabled must be a boolean and intervalMs a number of at least 100' });
    clearInterval(pod.activity?.timer);
    const round = () => {
      const { ship, pay } = teamRound(
        pod.records.get('salesOrdersForOrderHub')!.values(),
        pod.records.get('receivablesInvoices')!.values(),
      );
      if (ship) shipOrder(ship, pod.now());
      if (pay) applyReceipt(pod, pay, undefined);
    };
    pod.activity = enabled ? { timer: setInterval(round, intervalMs).unref(), intervalMs } : undefined;
    response.json({ enabled, intervalMs });
  });
  admin.put('/pods/:pod/faults', (request, response) => {
    const pod = pods.get(podOf(request));
    if (!pod) return void response.status(404).json({ error: 'no such pod' });
    pod.faults = { ...DEFAULT_FAULTS, ...(request.body as Partial<OracleFaults>) };
    response.json(pod.faults);
  });
  admin.post('/pods/:pod/users/:username/lock', (request, response) => {
    const user = pods.get(podOf(request))?.users.get(String(request.params['username']));
    if (!user) return void response.status(404).json({ error: 'no such user' });
    user.locked = true;
    response.status(204).end();
  });
  app.use('/__admin', admin);

  for (const [resource, definition] of Object.entries(RESOURCES)) {
    const router = express.Router({ mergeParams: true });
    router.use(async (request: Request, response: Response, next) => {
      const pod = pods.get(podOf(request));
      if (!pod) return void response.status(404).end();
      if (pod.faults.maintenance)
        return void response
          .status(503)
          .set('Content-Type', 'text/html')
          .send('<html><body>Service Unavailable: scheduled maintenance</body></html>');
      if (pod.faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, pod.faults.latencyMs));
      const [user, password] = Buffer.from((request.get('authorization') ?? '').replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(':');
      const known = pod.users.get(user ?? '');
      if (!known || known.password !== password || known.locked)
        return void response.status(401).set('WWW-Authenticate', 'Basic realm="Oracle"').end();
      if (Math.random() < pod.faults.throttleRate) {
        return void adfError(
          response,
          429,
          'Too Many Requests',
          [{ detail: 'The request was throttled. Retry later.' }],
          pod.faults.retryAfterSeconds === null ? {} : { 'Retry-After': String(pod.faults.retryAfterSeconds) },
        );
      }
      if (Math.random() < pod.faults.errorRate)
        return void adfError(response, 500, 'Internal Server Error', [
          { detail: 'JBO-29000: Unexpected exception caught.', code: 'JBO-29000' },
        ]);
      response.locals['pod'] = pod;
      next();
    });
    router.get('/', (request, response) => {
      const pod = response.locals['pod'] as OraclePod;
      const limit = Math.min(Number(request.query['limit'] ?? 25), 500);
      const offset = Number(request.query['offset'] ?? 0);
      let rows = [...pod.records.get(resource)!.values()];
      // The REST framework's q: conditions joined by ';', each Attribute <op> 'value' (a subset of its syntax).
      const q = String(request.query['q'] ?? '');
      for (const condition of q ? q.split(';') : []) {
        const match = /^\s*(\w+)\s*(=|>=|<=|>|<)\s*'((?:[^']|'')*)'\s*$/.exec(condition);
        if (!match)
          return void adfError(response, 400, 'Bad Request', [{ detail: `Unsupported query: ${q}`, code: 'QUERY_NOT_SUPPORTED' }]);
        const [, attribute, op, literal] = match;
        const expected = literal!.replace(/''/g, "'");
        const known = [
          definition.primaryKey,
          ...definition.columns,
          ...CROSS_REFERENCE,
          ...(SYSTEM_ATTRIBUTES[resource] ?? []),
          'CreationDate',
          'LastUpdateDate',
        ];
        // Fusion refuses a q naming an attribute the resource does not have, or a date it cannot read.
        const time = DATE_ATTRIBUTES.has(attribute!);
        if (!known.includes(attribute!) || (time && !Number.isFinite(Date.parse(expected))))
          return void adfError(response, 400, 'Bad Request', [
            { detail: `URL request parameter q with value ${q} is not valid.`, code: 'QUERY_NOT_SUPPORTED' },
          ]);
        rows = rows.filter((row) => {
          const columns: Record<string, unknown> = {
            [definition.primaryKey]: row.id,
            ...row.fields,
            CreationDate: row.CreationDate,
            LastUpdateDate: row.LastUpdateDate,
          };
          const a = time ? Date.parse(String(columns[attribute!] ?? '')) || 0 : String(columns[attribute!] ?? '');
          const e = time ? Date.parse(expected) : expected;
          return op === '=' ? a === e : op === '>' ? a > e : op === '<' ? a < e : op === '>=' ? a >= e : a <= e;
        });
      }
      // orderBy=Attribute[:asc|:desc], one attribute (a subset of the framework's), compared as text.
      const orderBy = request.query['orderBy'] === undefined ? undefined : /^(\w+)(?::(asc|desc))?$/.exec(String(request.query['orderBy']));
      if (request.query['orderBy'] !== undefined && !orderBy)
        return void adfError(response, 400, 'Bad Request', [
          { detail: `Unsupported orderBy: ${String(request.query['orderBy'])}`, code: 'QUERY_NOT_SUPPORTED' },
        ]);
      if (orderBy) {
        const valueOf = (row: (typeof rows)[number]) =>
          String(
            ({ ...row.fields, CreationDate: row.CreationDate, LastUpdateDate: row.LastUpdateDate } as Record<string, unknown>)[
              orderBy[1]!
            ] ?? '',
          );
        const sign = orderBy[2] === 'desc' ? -1 : 1;
        const time = DATE_ATTRIBUTES.has(orderBy[1]!);
        const key = (row: (typeof rows)[number]) => (time ? Date.parse(valueOf(row)) || 0 : valueOf(row));
        rows = [...rows].sort((a, b) => (key(a) < key(b) ? -sign : key(a) > key(b) ? sign : 0));
      }
      const page = rows.slice(offset, offset + limit);
      const base = `${request.protocol}://${request.get('host')}/${podOf(request)}`;
      response.set('Content-Type', 'application/vnd.oracle.adf.resourcecollection+json').send(
        JSON.stringify({
          items: page.map((record) => present(resource, record, base)),
          count: page.length,
          hasMore: offset + limit < rows.length,
          limit,
          offset,
          ...(request.query['totalResults'] === 'true' ? { totalResults: rows.length } : {}),
          links: [{ rel: 'self', href: `${base}${definition.path}`, name: resource, kind: 'collection' }],
        }),
      );
    });
    router.post('/', express.json({ type: () => true }), (request, response) => {
      const pod = response.locals['pod'] as OraclePod;
      const body = request.body as Record<string, unknown>;
      const unknown = Object.keys(body).filter(
        (field) => (!definition.columns.includes(field) && !CROSS_REFERENCE.includes(field)) || pod.faults.removedFields.includes(field),
      );
      if (unknown.length > 0) {
        return void adfError(
          response,
          400,
          'Bad Request',
          unknown.map((field) => ({
            detail: `Attribute ${field} in ${resource} is not recognized.`,
            code: 'INVALID_ATTRIBUTE',
            path: field,
          })),
        );
      }
      const table = pod.records.get(resource)!;
      const upsert = /^true$/i.test(request.get('upsert-mode') ?? '');
      const existing =
        upsert && body['SourceSystemReferenceValue'] !== undefined
          ? [...table.values()].find(
              (row) =>
                row.fields['SourceSystem'] === body['SourceSystem'] &&
                row.fields['SourceSystemReferenceValue'] === body['SourceSystemReferenceValue'],
            )
          : undefined;
      const merged = { ...(existing?.fields ?? {}), ...body };
      const tooLong = Object.entries(definition.maxLengths).filter(
        ([field, max]) => typeof body[field] === 'string' && [...(body[field] as string)].length > max,
      );
      if (tooLong.length > 0) {
        return void adfError(
          response,
          400,
          'Bad Request',
          tooLong.map(([field, max]) => ({
            detail: `The value of the attribute ${field} is too long: it holds at most ${max} characters.`,
            code: 'JBO-27039',
            path: field,
          })),
        );
      }
      const missing = definition.required.filter((field) => merged[field] === undefined || merged[field] === null || merged[field] === '');
      if (missing.length > 0) {
        return void adfError(
          response,
          400,
          'Bad Request',
          missing.map((field) => ({ detail: `The value of the attribute ${field} is required.`, code: 'JBO-27014', path: field })),
        );
      }
      const now = pod.now();
      const record = existing ?? { id: (nextId += 1 + randomInt(10)), fields: {}, CreationDate: now, LastUpdateDate: now };
      Object.assign(record.fields, body);
      systemAttributes(resource, record, pod.applied.get(record.id) ?? 0);
      record.LastUpdateDate = now;
      table.set(record.id, record);
      if (pod.faults.resetAfterWrite) return void response.socket?.destroy();
      const base = `${request.protocol}://${request.get('host')}/${podOf(request)}`;
      response
        .status(existing ? 200 : 201)
        .set({ 'Content-Type': 'application/vnd.oracle.adf.resourceitem+json', Location: `${base}${definition.path}/${record.id}` })
        .send(JSON.stringify(present(resource, record, base)));
    });
    router.get('/:id', (request, response) => {
      const pod = response.locals['pod'] as OraclePod;
      const record = pod.records.get(resource)!.get(Number(request.params['id']));
      if (!record)
        return void adfError(response, 404, 'Not Found', [
          { detail: `The requested resource ${resource}/${String(request.params['id'])} does not exist.` },
        ]);
      response
        .set('Content-Type', 'application/vnd.oracle.adf.resourceitem+json')
        .send(JSON.stringify(present(resource, record, `${request.protocol}://${request.get('host')}/${podOf(request)}`)));
    });
    app.use(`/:pod${definition.path}`, router);
  }
  return { app, pods };
}
