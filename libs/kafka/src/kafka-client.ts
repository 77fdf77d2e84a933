import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type KafkaConfig, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaSecurity, TlsSettings } from '@ferry/config';
import type { Logger } from '@ferry/logging';
import { OAuthBearerTokenSource } from './oauthbearer-token-source';

export interface KafkaClientOptions extends KafkaSecurity {
  brokers: string[];
  clientId: string;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Node TLS options from file paths (read once, at client creation); server certificates checked unless turned off. */
export function tlsConnectionOptions(tls: TlsSettings, readFile: (path: string) => Buffer = readFileSync): ConnectionOptions {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile ? { ca: [readFile(tls.caFile)] } : {}),
    ...(tls.certFile ? { cert: readFile(tls.certFile) } : {}),
    ...(tls.keyFile ? { key: readFile(tls.keyFile) } : {}),
    ...(tls.keyPassphrase ? { passphrase: tls.keyPassphrase } : {}),
  };
}

/** The `ssl` and `sasl` parts of a kafkajs client for the configured security (nothing when there is none). */
export function kafkaSecurityConfig(security: KafkaSecurity, readFile?: (path: string) => Buffer): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const { sasl, tls } = security;
  let saslOptions: SASLOptions | undefined;
  if (sasl?.mechanism === 'oauthbearer') {
    const tokens = new OAuthBearerTokenSource(sasl);
    saslOptions = { mechanism: 'oauthbearer', oauthBearerProvider: () => tokens.token() };
  } else if (sasl) {
    saslOptions = { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
  }
  return { ...(tls ? { ssl: tlsConnectionOptions(tls, readFile) } : {}), ...(saslOptions ? { sasl: saslOptions } : {}) };
}

/**
 * kafkajs client whose own log lines go through our JSON logger instead of its console output, authenticated
 * and encrypted as configured (KAFKA_SASL_*, KAFKA_TLS_*).
 */
export function createKafkaClient(options: KafkaClientOptions, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkaSecurityConfig(options),
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        kafkaLogger[levels[level] ?? 'info'](extra, message);
      },
  });
}
