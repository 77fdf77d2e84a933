import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { repositoryRoot } from './ferry-processes';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** A small HTTP client for Ferry's APIs that answers status and parsed body instead of throwing. */
export class FerryApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  withToken(token: string): FerryApiClient {
    return new FerryApiClient(this.baseUrl, token);
  }

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Like request, but a non-2xx answer is an error naming the call and what came back. */
  async expectOk<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request<T>(method, path, body);
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
}

interface DemoTenantFile {
  tenantId: string;
  displayName: string;
  template: string;
  mappingOverrides?: Record<string, unknown>;
  rules?: Record<string, unknown>;
}

export function demoTenantDefinition(): DemoTenantFile {
  return JSON.parse(readFileSync(join(repositoryRoot(), 'deploy', 'demo', 'demo-tenant.json'), 'utf8')) as DemoTenantFile;
}

export interface OnboardedTenant {
  tenantId: string;
  /** Key with ingest, read and admin scopes on this tenant. */
  apiKey: string;
  configurationVersion: number;
}

async function finishOnboarding(
  controlPlane: FerryApiClient,
  tenantId: string,
  extras: { mappingOverrides?: Record<string, unknown>; rules?: Record<string, unknown> },
): Promise<OnboardedTenant> {
  for (const [entityType, override] of Object.entries(extras.mappingOverrides ?? {}))
    await controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/mappings/${entityType}`, override);
  for (const [name, rule] of Object.entries(extras.rules ?? {}))
    await controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/rules/${name}`, rule);
  const key = await controlPlane.expectOk<{ apiKey: string }>('POST', `/v1/tenants/${tenantId}/api-keys`, {
    scopes: ['ingest', 'read', 'admin'],
    label: 'onboarding',
  });
  const current = await controlPlane.expectOk<{ version: number }>('GET', `/v1/tenants/${tenantId}`);
  return { tenantId, apiKey: key.apiKey, configurationVersion: current.version };
}

/** An OAuth 2.0 client-credentials integration on a NetSuite account: the client id and the certificate's key pair. */
export interface NetSuiteClient {
  clientId: string;
  certificateId: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

async function newNetSuiteClient(): Promise<NetSuiteClient> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    clientId: `ferry-${randomUUID()}`,
    certificateId: `cert-${randomUUID().slice(0, 8)}`,
    publicKeyPem: await exportSPKI(publicKey),
    privateKeyPem: await exportPKCS8(privateKey),
  };
}

function netsuiteConnection(
  simulatorUrl: string,
  accountId: string,
  client: NetSuiteClient,
  extraCredentials: Record<string, string> = {},
) {
  return {
    erpKind: 'netsuite',
    baseUrl: `${simulatorUrl}/${accountId}`,
    authKind: 'oauth2_client_credentials_jwt',
    settings: { accountId, clientId: client.clientId, certificateId: client.certificateId, algorithm: 'ES256' },
    credentials: { privateKeyPem: client.privateKeyPem, ...extraCredentials },
  };
}

/**
 * Onboards a tenant on a NetSuite account of the simulator entirely through the control-plane API, the way an
 * operator would on real NetSuite: make the integration's certificate key pair, register the public key for a
 * client id on the account (NetSuite: Setup > Integration > OAuth 2.0 Client Credentials), create the tenant
 * from the NetSuite template, add the connection with the private key as its credential, create an API key.
 */
export async function onboardNetSuiteTenant(options: {
  controlPlane: FerryApiClient;
  tenantId: string;
  accountId: string;
  simulatorUrl: string;
  displayName?: string;
  templateVersion?: number;
  mappingOverrides?: Record<string, unknown>;
  rules?: Record<string, unknown>;
  extraCredentials?: Record<string, string>;
  /** Keep an existing tenant of that id (re-run of a demo) instead of failing with 409. */
  reuseExisting?: boolean;
}): Promise<OnboardedTenant & { netsuiteClientId: string }> {
  const client = await newNetSuiteClient();
  const registered = await fetch(`${options.simulatorUrl}/__admin/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      accountId: options.accountId,
      clients: [{ clientId: client.clientId, certificateId: client.certificateId, publicKeyPem: client.publicKeyPem, algorithm: 'ES256' }],
    }),
  });
  if (!registered.ok) throw new Error(`simulator refused account ${options.accountId}: ${registered.status} ${await registered.text()}`);
  const { controlPlane, tenantId } = options;
  const created = await controlPlane.request('POST', '/v1/tenants', {
    tenantId,
    displayName: options.displayName ?? `Tenant ${tenantId}`,
    template: 'netsuite',
    ...(options.templateVersion ? { templateVersion: options.templateVersion } : {}),
  });
  if (created.status !== 201 && !(created.status === 409 && options.reuseExisting)) {
    throw new Error(`POST /v1/tenants answered ${created.status}: ${JSON.stringify(created.body)}`);
  }
  await controlPlane.expectOk(
    'PUT',
    `/v1/tenants/${tenantId}/connections/netsuite-main`,
    netsuiteConnection(options.simulatorUrl, options.accountId, client, options.extraCredentials),
  );
  return { ...(await finishOnboarding(controlPlane, tenantId, options)), netsuiteClientId: client.clientId };
}

/**
 * What an operator does after NetSuite revoked a tenant's integration: register a new certificate and client
 * on the account, then give the tenant's connection the new credentials (a new configuration version).
 */
export async function rotateNetSuiteCredentials(options: {
  controlPlane: FerryApiClient;
  tenantId: string;
  accountId: string;
  simulatorUrl: string;
}): Promise<string> {
  const client = await newNetSuiteClient();
  const registered = await fetch(`${options.simulatorUrl}/__admin/accounts/${options.accountId}/clients`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      clientId: client.clientId,
      certificateId: client.certificateId,
      publicKeyPem: client.publicKeyPem,
      algorithm: 'ES256',
    }),
  });
  if (!registered.ok) throw new Error(`simulator refused the new client: ${registered.status} ${await registered.text()}`);
  await options.controlPlane.expectOk(
    'PUT',
    `/v1/tenants/${options.tenantId}/connections/netsuite-main`,
    netsuiteConnection(options.simulatorUrl, options.accountId, client),
  );
  return client.clientId;
}

/** Onboards a tenant whose "ERP" is a signed webhook endpoint on the webhook receiver simulator. */
export async function onboardWebhookTenant(options: {
  controlPlane: FerryApiClient;
  tenantId: string;
  receiverUrl: string;
  mappingOverrides?: Record<string, unknown>;
  rules?: Record<string, unknown>;
}): Promise<OnboardedTenant & { endpointId: string }> {
  const endpointId = `ep-${options.tenantId}`;
  const signingSecret = randomBytes(24).toString('base64url');
  const registered = await fetch(`${options.receiverUrl}/__admin/endpoints`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpointId, signingSecret }),
  });
  if (!registered.ok) throw new Error(`webhook receiver refused endpoint ${endpointId}: ${registered.status}`);
  const { controlPlane, tenantId } = options;
  await controlPlane.expectOk('POST', '/v1/tenants', { tenantId, displayName: `Tenant ${tenantId}`, template: 'webhook' });
  await controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/connections/webhook-main`, {
    erpKind: 'webhook',
    baseUrl: `${options.receiverUrl}/${endpointId}`,
    authKind: 'hmac_sha256',
    settings: {},
    credentials: { signingSecret },
  });
  return { ...(await finishOnboarding(controlPlane, tenantId, options)), endpointId };
}

/**
 * Onboards a tenant from any template through the control-plane API with one connection, optional policies,
 * and an API key (ingest, read, admin). The ERP side (account, user, key) is the caller's to prepare.
 */
export async function onboardTenant(options: {
  controlPlane: FerryApiClient;
  tenantId: string;
  template: string;
  connection: {
    connectionId: string;
    erpKind: string;
    baseUrl: string;
    authKind: string;
    settings: Record<string, string>;
    credentials: Record<string, string>;
  };
  policies?: Record<string, unknown>;
  mappingOverrides?: Record<string, unknown>;
}): Promise<OnboardedTenant> {
  const { controlPlane, tenantId, connection } = options;
  await controlPlane.expectOk('POST', '/v1/tenants', { tenantId, displayName: `Tenant ${tenantId}`, template: options.template });
  const { connectionId, ...body } = connection;
  await controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/connections/${connectionId}`, body);
  if (options.policies) await controlPlane.expectOk('PUT', `/v1/tenants/${tenantId}/policies`, options.policies);
  return finishOnboarding(controlPlane, tenantId, options.mappingOverrides ? { mappingOverrides: options.mappingOverrides } : {});
}
