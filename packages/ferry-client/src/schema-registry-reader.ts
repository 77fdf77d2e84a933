import { request as httpRequest, type Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { FerryClientError } from './client-errors';

export interface RegistrySettings {
  /** The Confluent-compatible API of Ferry's registry, e.g. https://registry.example.com/apis/ccompat/v7. */
  url: string;
  /** Basic authentication; a read-only registry role is enough, the client never registers anything. */
  auth?: { username: string; password: string };
  /** An agent carrying TLS settings (a private CA, a client certificate) for an https URL. */
  agent?: HttpAgent | HttpsAgent;
  /** Milliseconds before a registry call counts as unanswered (default 10 000). */
  timeoutMs?: number;
}

/**
 * Reads Ferry's schema registry: the id under which Ferry registered a schema (looked up by subject and schema
 * text, `POST /subjects/{subject}`) and a writer's schema by id. It has no way to register or change anything:
 * schemas are Ferry's to register, with their compatibility rule (FULL_TRANSITIVE).
 */
export class SchemaRegistryReader {
  private readonly ids = new Map<string, Promise<number>>();
  private readonly schemas = new Map<number, Promise<string>>();
  private readonly url: string;

  constructor(private readonly settings: RegistrySettings) {
    this.url = settings.url.replace(/\/+$/, '');
  }

  /** The id Ferry registered this exact schema under, for this subject; cached once found. */
  idOf(subject: string, schema: string): Promise<number> {
    const cacheKey = `${subject}\n${schema}`;
    let id = this.ids.get(cacheKey);
    if (!id) {
      id = this.call('POST', `/subjects/${encodeURIComponent(subject)}`, JSON.stringify({ schema })).then(({ status, body }) => {
        if (status === 200) return (JSON.parse(body) as { id: number }).id;
        if (status === 404)
          throw new FerryClientError(
            'SCHEMA_NOT_REGISTERED',
            `the registry has no version of ${subject} equal to this client's schema: Ferry registers its schemas when it starts, so Ferry is older than this client (upgrade Ferry, or use the client version that matches it)`,
          );
        throw new FerryClientError('REGISTRY_UNAVAILABLE', `the registry answered ${status} looking up ${subject}`, status >= 500);
      });
      id.catch(() => this.ids.delete(cacheKey));
      this.ids.set(cacheKey, id);
    }
    return id;
  }

  /** The schema text of a registered schema id (a writer's schema), cached. */
  schemaOf(id: number): Promise<string> {
    let schema = this.schemas.get(id);
    if (!schema) {
      schema = this.call('GET', `/schemas/ids/${id}`).then(({ status, body }) => {
        if (status === 200) return (JSON.parse(body) as { schema: string }).schema;
        if (status === 404) throw new FerryClientError('UNDECODABLE_RECORD', `schema id ${id} is not in the registry`);
        throw new FerryClientError('REGISTRY_UNAVAILABLE', `the registry answered ${status} for schema id ${id}`, status >= 500);
      });
      schema.catch(() => this.schemas.delete(id));
      this.schemas.set(id, schema);
    }
    return schema;
  }

  private call(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; body: string }> {
    const target = new URL(`${this.url}${path}`);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (body !== undefined) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    const { auth } = this.settings;
    if (auth) headers['authorization'] = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return new Promise((resolve, reject) => {
      const call = send(
        target,
        { method, headers, timeout: this.settings.timeoutMs ?? 10_000, ...(this.settings.agent ? { agent: this.settings.agent } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      call.on('timeout', () => call.destroy(new Error(`no answer within ${this.settings.timeoutMs ?? 10_000} ms`)));
      call.on('error', (error) =>
        reject(
          new FerryClientError('REGISTRY_UNAVAILABLE', `the registry at ${target.origin} did not answer: ${error.message}`, true, {
            cause: error,
          }),
        ),
      );
      if (body !== undefined) call.write(body);
      call.end();
    });
  }
}
