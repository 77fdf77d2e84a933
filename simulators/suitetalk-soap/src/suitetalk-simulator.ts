import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import * as soap from 'soap';
import { SUITETALK_WSDL } from './suitetalk-wsdl';

interface SoapAccount {
  tokens: Map<string, { consumerKey: string; consumerSecret: string; tokenSecret: string; revoked: boolean }>;
  records: Map<string, Map<string, { internalId: string; externalId: string; fields: Record<string, string> }>>;
  nonces: Set<string>;
  faults: { concurrencyLimit: boolean; failWith: string | null };
}

/** Required fields per record type, as SuiteTalk reports them: a USER_ERROR status detail, not a fault. */
const REQUIRED: Record<string, string[]> = {
  customer: ['companyName'],
  salesOrder: ['entity'],
  invoice: ['entity'],
  customerPayment: ['customer'],
};

/**
 * Maximum lengths of the text fields Ferry writes, as NetSuite's schema browser lists them; SuiteTalk counts them
 * in UTF-16 code units (NetSuite runs on Java), so an emoji takes two.
 */
export const SUITETALK_FIELD_LENGTHS: Record<string, Record<string, number>> = {
  customer: { companyName: 83, email: 254, phone: 32, accountNumber: 99, entityId: 83 },
  salesOrder: { tranId: 45, otherRefNum: 45, memo: 999 },
  invoice: { tranId: 45, otherRefNum: 45, memo: 999 },
  customerPayment: { tranId: 45, memo: 999 },
};

/** SuiteTalk's message for the first field longer than it holds, or undefined when every field fits. */
export function suiteTalkLengthProblem(type: string, fields: Record<string, string>): string | undefined {
  for (const [name, max] of Object.entries(SUITETALK_FIELD_LENGTHS[type] ?? {})) {
    const value = fields[name];
    if (typeof value === 'string' && value.length > max)
      return `Invalid ${name} reference key ${value.slice(0, 10)}…: the field holds at most ${max} characters, the value has ${value.length}`;
  }
  return undefined;
}

function fault(code: string, message: string, faultName: string): never {
  // The soap package turns a thrown { Fault } into a SOAP 1.1 fault with HTTP 500, as SuiteTalk answers.
  throw { Fault: { faultcode: 'soapenv:Server.userException', faultstring: message, detail: { [faultName]: { code, message } } } };
}

/**
 * A SuiteTalk-style SOAP endpoint (document/literal) served by the soap package: upsert and get of records by
 * externalId, authenticated by the tokenPassport header NetSuite uses for token-based authentication
 * (HMAC-SHA256 over account&consumerKey&token&nonce&timestamp with consumerSecret&tokenSecret).
 * Login failures and the concurrency limit are SOAP faults; validation failures are isSuccess="false"
 * write responses with status details, as in SuiteTalk.
 */
export function createSuiteTalkSimulator() {
  const accounts = new Map<string, SoapAccount>();
  let nextInternalId = 5000;
  const app = express();
  app.disable('x-powered-by');
  app.get('/__admin/probe', (_request, response) => void response.json({ status: 'ok' }));
  app.post('/__admin/accounts', express.json(), (request, response) => {
    const { accountId, tokens } = request.body as {
      accountId?: string;
      tokens?: { consumerKey: string; consumerSecret: string; tokenId: string; tokenSecret: string }[];
    };
    if (!accountId) return void response.status(400).json({ error: 'accountId is required' });
    accounts.set(accountId, {
      tokens: new Map(
        (tokens ?? []).map((t) => [
          t.tokenId,
          { consumerKey: t.consumerKey, consumerSecret: t.consumerSecret, tokenSecret: t.tokenSecret, revoked: false },
        ]),
      ),
      records: new Map(),
      nonces: new Set(),
      faults: { concurrencyLimit: false, failWith: null },
    });
    response.status(201).json({ accountId });
  });
  app.get('/__admin/accounts/:accountId/records/:type', (request, response) => {
    const records = accounts.get(request.params.accountId)?.records.get(request.params.type);
    response.json([...(records?.values() ?? [])]);
  });
  app.put('/__admin/accounts/:accountId/faults', express.json(), (request, response) => {
    const account = accounts.get(request.params.accountId);
    if (!account) return void response.status(404).json({ error: 'no such account' });
    account.faults = { concurrencyLimit: false, failWith: null, ...(request.body as Partial<SoapAccount['faults']>) };
    response.json(account.faults);
  });
  app.post('/__admin/accounts/:accountId/tokens/:tokenId/revoke', (request, response) => {
    const token = accounts.get(request.params.accountId)?.tokens.get(request.params.tokenId);
    if (!token) return void response.status(404).json({ error: 'no such token' });
    token.revoked = true;
    response.status(204).end();
  });

  const authenticate = (headers: Record<string, unknown> | undefined): SoapAccount => {
    const passport = headers?.['tokenPassport'] as
      | {
          account?: string;
          consumerKey?: string;
          token?: string;
          nonce?: string;
          timestamp?: string;
          signature?: { $value?: string; attributes?: { algorithm?: string } };
        }
      | undefined;
    const account = passport?.account ? accounts.get(passport.account) : undefined;
    const token = passport?.token ? account?.tokens.get(passport.token) : undefined;
    const invalid = () => fault('INVALID_LOGIN_ATTEMPT', 'Invalid login attempt.', 'invalidCredentialsFault');
    if (!account || !token || token.revoked || token.consumerKey !== passport?.consumerKey) return invalid();
    if (passport.signature?.attributes?.algorithm !== 'HMAC-SHA256') return invalid();
    const timestamp = Number(passport.timestamp);
    if (
      !Number.isFinite(timestamp) ||
      Math.abs(Date.now() / 1000 - timestamp) > 300 ||
      account.nonces.has(`${passport.nonce}:${timestamp}`)
    )
      return invalid();
    const base = [passport.account, passport.consumerKey, passport.token, passport.nonce, passport.timestamp].join('&');
    const expected = createHmac('sha256', `${token.consumerSecret}&${token.tokenSecret}`).update(base).digest();
    const given = Buffer.from(passport.signature?.$value ?? '', 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid();
    account.nonces.add(`${passport.nonce}:${timestamp}`);
    if (account.faults.concurrencyLimit)
      fault(
        'WS_CONCUR_SESSION_DISALLWD',
        'Only one request may be made against a session at a time',
        'exceededConcurrentRequestLimitFault',
      );
    if (account.faults.failWith) fault('UNEXPECTED_ERROR', account.faults.failWith, 'unexpectedErrorFault');
    return account;
  };

  const service = {
    NetSuiteService: {
      NetSuitePort: {
        upsert: (
          args: {
            record?: { type?: string; externalId?: string; field?: { name: string; value: string }[] | { name: string; value: string } };
          },
          _callback: unknown,
          headers: Record<string, unknown>,
        ) => {
          const account = authenticate(headers);
          const record = args.record ?? {};
          const type = record.type ?? '';
          const fields = Object.fromEntries([record.field ?? []].flat().map((field) => [field.name, field.value]));
          const missing = (REQUIRED[type] ?? []).filter((name) => !fields[name]);
          const tooLong = suiteTalkLengthProblem(type, fields);
          if (!REQUIRED[type] || !record.externalId || missing.length > 0 || tooLong) {
            const message = !REQUIRED[type]
              ? `Invalid record type ${type}`
              : !record.externalId
                ? 'externalId is required for upsert'
                : missing.length > 0
                  ? `Please enter value(s) for: ${missing.join(', ')}`
                  : tooLong!;
            return {
              writeResponse: {
                status: {
                  attributes: { isSuccess: false },
                  statusDetail: [{ attributes: { type: 'ERROR' }, code: REQUIRED[type] ? 'USER_ERROR' : 'INVALID_RCRD_TYPE', message }],
                },
              },
            };
          }
          let table = account.records.get(type);
          if (!table) account.records.set(type, (table = new Map()));
          const existing = table.get(record.externalId);
          const stored = existing ?? { internalId: String(nextInternalId++), externalId: record.externalId, fields: {} };
          Object.assign(stored.fields, fields);
          table.set(record.externalId, stored);
          return {
            writeResponse: {
              status: { attributes: { isSuccess: true } },
              baseRef: { attributes: { internalId: stored.internalId, externalId: stored.externalId, type } },
            },
          };
        },
        get: (
          args: { baseRef?: { attributes?: { externalId?: string; type?: string } } },
          _callback: unknown,
          headers: Record<string, unknown>,
        ) => {
          const account = authenticate(headers);
          const { externalId = '', type = '' } = args.baseRef?.attributes ?? {};
          const stored = account.records.get(type)?.get(externalId);
          if (!stored)
            return {
              status: {
                attributes: { isSuccess: false },
                statusDetail: [{ attributes: { type: 'ERROR' }, code: 'RCRD_DSNT_EXIST', message: 'That record does not exist.' }],
              },
            };
          return {
            status: { attributes: { isSuccess: true } },
            record: { type, externalId, field: Object.entries(stored.fields).map(([name, value]) => ({ name, value })) },
          };
        },
      },
    },
  };
  return {
    app,
    accounts,
    /** Attaches the SOAP endpoint (POST and ?wsdl) once the HTTP server is listening. */
    attach(server: import('node:http').Server): void {
      soap.listen(server, '/services/NetSuitePort', service, SUITETALK_WSDL);
    },
  };
}
