import { accessSync, constants } from 'node:fs';
import type { Env } from './load-config';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** TLS towards a server: our own trust store and client certificate, if given; server certificates always checked unless turned off. */
export interface TlsSettings {
  /** PEM file of the certificate authorities to trust instead of Node's built-in list. */
  caFile?: string;
  /** PEM client certificate and key for mutual TLS (both or neither). */
  certFile?: string;
  keyFile?: string;
  keyPassphrase?: string;
  rejectUnauthorized: boolean;
}

export type KafkaSasl =
  | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
  | { mechanism: 'oauthbearer'; tokenUrl: string; clientId: string; clientSecret: string; scope?: string };

export interface KafkaSecurity {
  sasl?: KafkaSasl;
  tls?: TlsSettings;
}

export interface RegistrySecurity {
  basicAuth?: { username: string; password: string };
  /** Set when the registry URL is https. */
  tls?: TlsSettings;
}

export interface ConnectionSecurity {
  kafka: KafkaSecurity;
  registry: RegistrySecurity;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every variable this module reads, for tools that pass a principal's settings on to a child process. */
export const CONNECTION_SECURITY_VARIABLES = [
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_SASL_OAUTHBEARER_TOKEN_URL',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
  'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET',
  'KAFKA_SASL_OAUTHBEARER_SCOPE',
  'KAFKA_TLS',
  'KAFKA_TLS_CA_FILE',
  'KAFKA_TLS_CERT_FILE',
  'KAFKA_TLS_KEY_FILE',
  'KAFKA_TLS_KEY_PASSWORD',
  'KAFKA_TLS_REJECT_UNAUTHORIZED',
  'SCHEMA_REGISTRY_USERNAME',
  'SCHEMA_REGISTRY_PASSWORD',
  'SCHEMA_REGISTRY_TLS_CA_FILE',
  'SCHEMA_REGISTRY_TLS_CERT_FILE',
  'SCHEMA_REGISTRY_TLS_KEY_FILE',
  'SCHEMA_REGISTRY_TLS_KEY_PASSWORD',
  'SCHEMA_REGISTRY_TLS_REJECT_UNAUTHORIZED',
] as const;

export interface SecurityParseOptions {
  /** Whether a file can be read; replaced in unit tests. */
  readable?: (path: string) => boolean;
}

function fileReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Empty counts as unset: docker compose and Helm pass `VAR: ''` for values nobody gave. */
function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

class ProblemList {
  readonly problems: ConfigProblem[] = [];

  add(variable: string, message: string): void {
    this.problems.push({ variable, message });
  }

  flag(env: Env, name: string, fallback: boolean): boolean {
    const raw = value(env, name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.add(name, 'must be true or false');
    return fallback;
  }

  required(env: Env, name: string, why: string): string {
    const given = value(env, name);
    if (given === undefined) this.add(name, `is required ${why}`);
    return given ?? '';
  }
}

/**
 * TLS files and flags under a prefix (KAFKA_TLS_…, SCHEMA_REGISTRY_TLS_…). Returns undefined when TLS is off;
 * settings given for TLS that is off are a mistake worth stopping for (the operator meant to encrypt).
 */
function tlsSettings(
  env: Env,
  prefix: string,
  enabled: boolean,
  whyOff: string,
  problems: ProblemList,
  readable: (path: string) => boolean,
) {
  const names = {
    ca: `${prefix}_CA_FILE`,
    cert: `${prefix}_CERT_FILE`,
    key: `${prefix}_KEY_FILE`,
    passphrase: `${prefix}_KEY_PASSWORD`,
    reject: `${prefix}_REJECT_UNAUTHORIZED`,
  };
  const rejectUnauthorized = problems.flag(env, names.reject, true);
  const [caFile, certFile, keyFile, keyPassphrase] = [names.ca, names.cert, names.key, names.passphrase].map((name) => value(env, name));
  if (!enabled) {
    for (const name of Object.values(names)) if (value(env, name) !== undefined) problems.add(name, `is set but ${whyOff}`);
    return undefined;
  }
  for (const [name, path] of [
    [names.ca, caFile],
    [names.cert, certFile],
    [names.key, keyFile],
  ] as const) {
    if (path !== undefined && !readable(path)) problems.add(name, `cannot read the file ${path}`);
  }
  if (certFile && !keyFile) problems.add(names.key, `is required with ${names.cert} (a client certificate needs its private key)`);
  if (keyFile && !certFile) problems.add(names.cert, `is required with ${names.key} (a private key needs its client certificate)`);
  if (keyPassphrase && !keyFile) problems.add(names.passphrase, `is set but ${names.key} is not`);
  return {
    rejectUnauthorized,
    ...(caFile ? { caFile } : {}),
    ...(certFile ? { certFile } : {}),
    ...(keyFile ? { keyFile } : {}),
    ...(keyPassphrase ? { keyPassphrase } : {}),
  } satisfies TlsSettings;
}

function kafkaSasl(env: Env, problems: ProblemList): KafkaSasl | undefined {
  const raw = value(env, 'KAFKA_SASL_MECHANISM')?.toLowerCase();
  const mechanism = raw === undefined || raw === 'none' ? undefined : (SASL_MECHANISMS as readonly string[]).includes(raw) ? raw : null;
  if (mechanism === null) {
    problems.add('KAFKA_SASL_MECHANISM', `must be one of none, ${SASL_MECHANISMS.join(', ')}`);
    return undefined;
  }
  const userVariables = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'];
  const oauthVariables = [
    'KAFKA_SASL_OAUTHBEARER_TOKEN_URL',
    'KAFKA_SASL_OAUTHBEARER_CLIENT_ID',
    'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET',
    'KAFKA_SASL_OAUTHBEARER_SCOPE',
  ];
  const misplaced = (names: string[], why: string) =>
    names.filter((name) => value(env, name) !== undefined).forEach((name) => problems.add(name, why));
  if (mechanism === undefined) {
    misplaced([...userVariables, ...oauthVariables], 'is set but KAFKA_SASL_MECHANISM is not: Ferry would connect without authenticating');
    return undefined;
  }
  if (mechanism === 'oauthbearer') {
    misplaced(userVariables, 'is not used with KAFKA_SASL_MECHANISM=oauthbearer (set the OAUTHBEARER client instead)');
    const why = 'with KAFKA_SASL_MECHANISM=oauthbearer';
    const tokenUrl = problems.required(env, 'KAFKA_SASL_OAUTHBEARER_TOKEN_URL', why);
    if (tokenUrl && !/^https?:\/\/\S+$/.test(tokenUrl))
      problems.add('KAFKA_SASL_OAUTHBEARER_TOKEN_URL', 'must be an http(s) URL of the token endpoint');
    const clientId = problems.required(env, 'KAFKA_SASL_OAUTHBEARER_CLIENT_ID', why);
    const clientSecret = problems.required(env, 'KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET', why);
    const scope = value(env, 'KAFKA_SASL_OAUTHBEARER_SCOPE');
    return { mechanism, tokenUrl, clientId, clientSecret, ...(scope ? { scope } : {}) };
  }
  misplaced(oauthVariables, `is only used with KAFKA_SASL_MECHANISM=oauthbearer, not ${mechanism}`);
  const why = `with KAFKA_SASL_MECHANISM=${mechanism}`;
  const username = problems.required(env, 'KAFKA_SASL_USERNAME', why);
  const password = problems.required(env, 'KAFKA_SASL_PASSWORD', why);
  return { mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512', username, password };
}

function registrySecurity(env: Env, problems: ProblemList, readable: (path: string) => boolean): RegistrySecurity {
  const username = value(env, 'SCHEMA_REGISTRY_USERNAME');
  const password = value(env, 'SCHEMA_REGISTRY_PASSWORD');
  if (username && !password) problems.add('SCHEMA_REGISTRY_PASSWORD', 'is required with SCHEMA_REGISTRY_USERNAME');
  if (password && !username) problems.add('SCHEMA_REGISTRY_USERNAME', 'is required with SCHEMA_REGISTRY_PASSWORD');
  const https = value(env, 'SCHEMA_REGISTRY_URL')?.toLowerCase().startsWith('https:') ?? false;
  const tls = tlsSettings(env, 'SCHEMA_REGISTRY_TLS', https, 'SCHEMA_REGISTRY_URL is not https', problems, readable);
  return { ...(username && password ? { basicAuth: { username, password } } : {}), ...(tls ? { tls } : {}) };
}

/**
 * How Ferry authenticates to Kafka and the registry, from the environment, with every problem in the
 * combination reported at once (a username without a mechanism, a certificate without its key, TLS files for a
 * connection that is not TLS, files that cannot be read). Pure apart from checking that files are readable.
 */
export function parseConnectionSecurity(
  env: Env,
  options: SecurityParseOptions = {},
): { security: ConnectionSecurity; problems: ConfigProblem[] } {
  const readable = options.readable ?? fileReadable;
  const problems = new ProblemList();
  const sasl = kafkaSasl(env, problems);
  const tlsOn = problems.flag(env, 'KAFKA_TLS', false);
  const tls = tlsSettings(env, 'KAFKA_TLS', tlsOn, 'KAFKA_TLS is not true', problems, readable);
  const registry = registrySecurity(env, problems, readable);
  return { security: { kafka: { ...(sasl ? { sasl } : {}), ...(tls ? { tls } : {}) }, registry }, problems: problems.problems };
}

/** The variables that make a process connect as the given security settings (the inverse of parseConnectionSecurity). */
export function connectionSecurityEnv(security: ConnectionSecurity): Record<string, string> {
  const env: Record<string, string> = {};
  const { sasl, tls } = security.kafka;
  if (sasl) {
    env['KAFKA_SASL_MECHANISM'] = sasl.mechanism;
    if (sasl.mechanism === 'oauthbearer') {
      env['KAFKA_SASL_OAUTHBEARER_TOKEN_URL'] = sasl.tokenUrl;
      env['KAFKA_SASL_OAUTHBEARER_CLIENT_ID'] = sasl.clientId;
      env['KAFKA_SASL_OAUTHBEARER_CLIENT_SECRET'] = sasl.clientSecret;
      if (sasl.scope) env['KAFKA_SASL_OAUTHBEARER_SCOPE'] = sasl.scope;
    } else {
      env['KAFKA_SASL_USERNAME'] = sasl.username;
      env['KAFKA_SASL_PASSWORD'] = sasl.password;
    }
  }
  if (tls) Object.assign(env, { KAFKA_TLS: 'true' }, tlsEnv('KAFKA_TLS', tls));
  const { basicAuth } = security.registry;
  if (basicAuth) Object.assign(env, { SCHEMA_REGISTRY_USERNAME: basicAuth.username, SCHEMA_REGISTRY_PASSWORD: basicAuth.password });
  if (security.registry.tls) Object.assign(env, tlsEnv('SCHEMA_REGISTRY_TLS', security.registry.tls));
  return env;
}

function tlsEnv(prefix: string, tls: TlsSettings): Record<string, string> {
  return {
    [`${prefix}_REJECT_UNAUTHORIZED`]: String(tls.rejectUnauthorized),
    ...(tls.caFile ? { [`${prefix}_CA_FILE`]: tls.caFile } : {}),
    ...(tls.certFile ? { [`${prefix}_CERT_FILE`]: tls.certFile } : {}),
    ...(tls.keyFile ? { [`${prefix}_KEY_FILE`]: tls.keyFile } : {}),
    ...(tls.keyPassphrase ? { [`${prefix}_KEY_PASSWORD`]: tls.keyPassphrase } : {}),
  };
}
