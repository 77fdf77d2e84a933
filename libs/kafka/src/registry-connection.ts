import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { RegistryConnectionConfig } from '@ferry/config';
import { tlsConnectionOptions } from './kafka-client';

export interface RegistryResponse {
  status: number;
  ok: boolean;
  text: string;
  json<T>(): T;
}

export interface RegistryRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: string;
  timeoutMs?: number;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/**
 * One registry: its URL, basic-auth credentials and TLS trust (SCHEMA_REGISTRY_*), shared by the Confluent
 * client that encodes and decodes and by Ferry's own calls (subject rules, compatibility checks, health).
 * The Authorization header is built here and never appears in errors.
 */
export class RegistryConnection {
  readonly url: string;
  private readonly authorization: string | undefined;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly https: boolean;

  constructor(readonly config: RegistryConnectionConfig) {
    this.url = config.url.replace(/\/+$/, '');
    this.https = this.url.toLowerCase().startsWith('https:');
    const { basicAuth, tls } = config;
    this.authorization = basicAuth ? `Basic ${Buffer.from(`${basicAuth.username}:${basicAuth.password}`).toString('base64')}` : undefined;
    this.agent = this.https
      ? new HttpsAgent({ keepAlive: true, ...(tls ? tlsConnectionOptions(tls) : {}) })
      : new HttpAgent({ keepAlive: true });
  }

  /** The Confluent registry client (encode, decode, register) with the same credentials and TLS settings. */
  schemaRegistry(retry?: { retries: number; initialRetryTimeInSecs: number }): SchemaRegistry {
    const { basicAuth } = this.config;
    return new SchemaRegistry({
      host: this.url,
      ...(basicAuth ? { auth: { username: basicAuth.username, password: basicAuth.password } } : {}),
      ...(this.https ? { agent: this.agent as unknown as HttpAgent } : {}),
      ...(retry ? { retry } : {}),
    });
  }

  /** A call to the registry API under its URL, e.g. request('/subjects'). Rejects only when there is no answer. */
  request(path: string, options: RegistryRequest = {}): Promise<RegistryResponse> {
    const send = this.https ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { accept: `${CONTENT_TYPE}, application/json` };
    if (options.body !== undefined) headers['content-type'] = CONTENT_TYPE;
    if (this.authorization) headers['authorization'] = this.authorization;
    return new Promise((resolve, reject) => {
      const req = send(
        `${this.url}${path}`,
        { method: options.method ?? 'GET', headers, agent: this.agent, timeout: options.timeoutMs ?? 10_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            resolve({ status, ok: status >= 200 && status < 300, text, json: <T>() => (text ? JSON.parse(text) : {}) as T });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from the registry within ${options.timeoutMs ?? 10_000} ms`)));
      req.on('error', reject);
      req.end(options.body);
    });
  }
}

const shared = new WeakMap<RegistryConnectionConfig, RegistryConnection>();

/** One connection (and connection pool) per configuration object, for callers that only hold the config. */
export function registryConnection(config: RegistryConnectionConfig): RegistryConnection {
  let connection = shared.get(config);
  if (!connection) {
    connection = new RegistryConnection(config);
    shared.set(config, connection);
  }
  return connection;
}
