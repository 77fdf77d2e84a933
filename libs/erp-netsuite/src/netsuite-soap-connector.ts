import { createHmac, randomBytes } from 'node:crypto';
import * as soap from 'soap';
import {
  ErpError,
  currentEgress,
  egressAgent,
  erpErrorText,
  failedAfterSending,
  urlRefusal,
  recordErpCall,
  type ErpConnectionContext,
  type ErpConnector,
  type ErpRecord,
  type UpsertRequest,
  type UpsertResult,
} from '@ferry/erp-core';

const NAMESPACE = 'urn:messages.platform.webservices.netsuite.com';

interface StatusDetail {
  code?: string;
  message?: string;
}

interface WriteResponse {
  status?: { attributes?: { isSuccess?: boolean | string }; statusDetail?: StatusDetail[] | StatusDetail };
  baseRef?: { attributes?: { internalId?: string } };
}

/** NetSuite's token passport: HMAC-SHA256 over account&consumerKey&token&nonce&timestamp. */
export function tokenPassport(connection: ErpConnectionContext, now = Date.now()): Record<string, unknown> {
  const account = connection.settings['accountId'] ?? '';
  const { consumerKey = '', tokenId = '' } = connection.settings;
  const nonce = randomBytes(12).toString('hex');
  const timestamp = String(Math.floor(now / 1000));
  const key = `${connection.credentials['consumerSecret'] ?? ''}&${connection.credentials['tokenSecret'] ?? ''}`;
  const signature = createHmac('sha256', key).update([account, consumerKey, tokenId, nonce, timestamp].join('&')).digest('base64');
  return {
    tokenPassport: {
      account,
      consumerKey,
      token: tokenId,
      nonce,
      timestamp,
      signature: { attributes: { algorithm: 'HMAC-SHA256' }, $value: signature },
    },
  };
}

/**
 * SuiteTalk SOAP for customers whose NetSuite integration only speaks SOAP: upsert by externalId with a fresh
 * tokenPassport header per call, through the soap package's client (WSDL read from the endpoint and cached).
 * isSuccess="false" responses are validation errors with SuiteTalk's code; login faults mean the token is no
 * longer accepted; the concurrency fault is throttling.
 */
export class NetSuiteSoapConnector implements ErpConnector {
  readonly erpKind = 'netsuite_soap';
  private readonly clients = new Map<string, Promise<soap.Client>>();

  async upsert(connection: ErpConnectionContext, request: UpsertRequest): Promise<UpsertResult> {
    const field = Object.entries(request.payload)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => ({ name, value: typeof value === 'object' ? JSON.stringify(value) : String(value) }));
    const [result] = (await this.call(connection, 'upsert', {
      record: { type: request.recordType, externalId: request.externalId, field },
    })) as [{ writeResponse?: WriteResponse }];
    const response = result?.writeResponse;
    if (String(response?.status?.attributes?.isSuccess) !== 'true') {
      const detail = [response?.status?.statusDetail ?? []].flat()[0] ?? {};
      throw new ErpError(
        'validation',
        'netsuite_soap',
        'upsert',
        `SuiteTalk refused the upsert: ${erpErrorText(detail.code, 100) ?? 'ERROR'}: ${erpErrorText(detail.message) ?? 'no detail'}`,
        { ...(erpErrorText(detail.code, 100) ? { erpCode: erpErrorText(detail.code, 100) } : {}) },
      );
    }
    const internalId = response?.baseRef?.attributes?.internalId;
    if (!internalId) throw new ErpError('retryable', 'netsuite_soap', 'upsert', 'SuiteTalk answered without a baseRef internalId');
    return { erpRecordId: internalId };
  }

  async listRecords(): Promise<ErpRecord[]> {
    throw new ErpError(
      'validation',
      'netsuite_soap',
      'list',
      'listing SuiteTalk records (search) is not supported; reconcile through the REST connection',
    );
  }

  private client(connection: ErpConnectionContext): Promise<soap.Client> {
    const endpoint = connection.baseUrl;
    const refusal = urlRefusal('netsuite_soap', endpoint, currentEgress());
    if (refusal) return Promise.reject(egressRefused('wsdl', refusal));
    let client = this.clients.get(endpoint);
    if (!client) {
      client = soap
        .createClientAsync(`${endpoint}?wsdl`, {
          endpoint,
          wsdl_options: { ...soapHttpOptions(endpoint), overrideImportLocation: allowedImportLocation },
        })
        .catch((error: unknown) => {
          this.clients.delete(endpoint);
          if (error instanceof ErpError) throw error;
          throw new ErpError(
            'retryable',
            'netsuite_soap',
            'wsdl',
            `cannot read the SuiteTalk WSDL at ${endpoint}?wsdl: ${erpErrorText((error as Error).message) ?? 'no reason given'}`,
            { cause: error, ambiguous: false },
          );
        });
      this.clients.set(endpoint, client);
    }
    return client;
  }

  private async call(connection: ErpConnectionContext, operation: string, body: unknown): Promise<unknown[]> {
    const labels = { tenantId: connection.tenantId, erp: 'netsuite_soap', operation };
    const startedAt = Date.now();
    const client = await this.client(connection);
    client.clearSoapHeaders();
    client.addSoapHeader(tokenPassport(connection), '', 'tns', NAMESPACE);
    try {
      const result = (await (client as unknown as Record<string, (args: unknown, options: unknown) => Promise<unknown[]>>)[
        `${operation}Async`
      ]!(body, soapHttpOptions(connection.baseUrl))) as unknown[];
      recordErpCall(labels, 'ok', 200, startedAt);
      return result;
    } catch (error) {
      const failure = soapFailure(error, operation);
      recordErpCall(labels, failure.errorClass, failure.details.status, startedAt);
      throw failure;
    }
  }
}

/**
 * HTTP options for the soap package's axios requests (WSDL and calls): agents whose sockets judge every resolved
 * address (the egress policy), no redirects followed, a deadline for the WSDL.
 */
function soapHttpOptions(endpoint: string): Record<string, unknown> {
  const port = Number(new URL(endpoint).port) || undefined;
  return { httpAgent: egressAgent('http:', port), httpsAgent: egressAgent('https:', port), maxRedirects: 0, timeout: 30_000, proxy: false };
}

function egressRefused(operation: string, reason: string): ErpError {
  return new ErpError(
    'validation',
    'netsuite_soap',
    operation,
    `SuiteTalk ${operation} refused: the connection's destination is not allowed: ${reason}`,
    {
      erpCode: 'EGRESS_REFUSED',
      ambiguous: false,
    },
  );
}

/**
 * Where a WSDL's <import>/<include> may point: an http(s) URL the egress policy allows. The WSDL comes from the
 * tenant's endpoint, and without this an import could read a local file or an internal address.
 */
export function allowedImportLocation(includePath: string): string {
  const refusal = /^https?:/i.test(includePath) ? urlRefusal('netsuite_soap', includePath, currentEgress()) : 'is not an http(s) URL';
  if (refusal) throw egressRefused('wsdl', `WSDL import ${includePath.slice(0, 200)} ${refusal}`);
  return includePath;
}

function soapFailure(error: unknown, operation: string): ErpError {
  const root = (
    error as { root?: { Envelope?: { Body?: { Fault?: { faultstring?: string; detail?: Record<string, { code?: string }> } } } } }
  ).root;
  const fault = root?.Envelope?.Body?.Fault;
  const status = (error as { response?: { status?: number } }).response?.status;
  if (fault) {
    const [kind, detail] = Object.entries(fault.detail ?? {})[0] ?? ['', {}];
    const code = erpErrorText((detail as { code?: string }).code, 100);
    const errorClass = /invalidCredentials/i.test(kind)
      ? 'auth_revoked'
      : /exceeded(Concurrent)?Request/i.test(kind)
        ? 'throttled'
        : 'retryable';
    return new ErpError(
      errorClass,
      'netsuite_soap',
      operation,
      `SuiteTalk fault${code ? ` ${code}` : ''}: ${erpErrorText(fault.faultstring) ?? erpErrorText(kind) ?? 'no fault string'}`,
      {
        ...(status !== undefined ? { status } : {}),
        ...(code ? { erpCode: code } : {}),
        ...(errorClass === 'throttled' ? { retryAfterMs: 1000 } : {}),
      },
    );
  }
  const ambiguous = status === undefined && failedAfterSending(error);
  return new ErpError(
    'retryable',
    'netsuite_soap',
    operation,
    `SuiteTalk ${operation} failed: ${erpErrorText((error as Error).message) ?? 'no reason given'}`,
    {
      cause: error,
      ambiguous,
      ...(status !== undefined ? { status } : {}),
    },
  );
}
