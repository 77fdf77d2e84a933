import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DynamicModule, Type } from '@nestjs/common';
import { ConfigError, type PlatformConfig } from '@ferry/config';
import { configureEgress } from '@ferry/erp-core';
import { collectProcessMetrics, startMetricsServer, type MetricsServer } from '@ferry/metrics';
import { PinoNestLogger, createLogger, type Logger } from '@ferry/logging';
import { configureHttpApp } from './http-app';
import { checkDependencies } from './dependency-check';
import { PROTOTYPE_GUARD_MISSING, prototypeAccessThrows } from './prototype-guard';

export interface ServiceDefinition<C extends PlatformConfig> {
  name: string;
  loadConfig(): C;
  /** Database the service owns, if any: checked before start-up like Kafka and the registry. */
  usesDatabase: boolean;
  module(config: C, logger: Logger): Type | DynamicModule;
}

/**
 * Starts a Ferry service: config validated (every bad variable listed), dependencies checked with a clear
 * message naming the variable to fix, JSON logs, correlation ids on every request, graceful SIGTERM.
 */
/** How long an idle HTTP connection is kept open: longer than a load balancer's usual 60 s idle timeout. */
const HTTP_KEEP_ALIVE_MS = 65_000;

export async function runService<C extends PlatformConfig>(definition: ServiceDefinition<C>): Promise<void> {
  if (!prototypeAccessThrows()) {
    process.stderr.write(`${definition.name}: cannot start: ${PROTOTYPE_GUARD_MISSING}\n`);
    process.exit(78);
  }
  let config: C;
  try {
    config = definition.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger(definition.name, config.logLevel);
  // Before any module exists: no ERP call of this process runs under the strict default by accident, or after it.
  configureEgress(config.egress);
  if (config.egress.localDevelopment)
    logger.warn('FERRY_EGRESS_LOCAL_DEVELOPMENT is on: ERP calls may use http and loopback addresses; never set it in production');
  collectProcessMetrics(definition.name);
  const unreachable = await checkDependencies(config, definition.usesDatabase, logger);
  if (unreachable.length > 0) {
    logger.fatal({ unreachable }, `cannot start: ${unreachable.join('; ')}`);
    process.exit(69);
  }

  const app = await NestFactory.create<NestExpressApplication>(definition.module(config, logger), {
    logger: new PinoNestLogger(logger.child({ component: 'nest' })),
    bodyParser: false,
    // request.rawBody: the exact bytes a signed webhook's signature covers (inbound-sync's ERP webhooks).
    rawBody: true,
  });
  configureHttpApp(app, logger);
  // Our own signal handling instead of enableShutdownHooks: Nest's re-raises the signal after the hooks,
  // which ends the process "killed by SIGTERM"; a drained, orderly stop should exit 0.
  let closing = false;
  let metricsServer: MetricsServer | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, `${definition.name} shutting down`);
    Promise.all([app.close(), metricsServer?.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  await app.listen(config.http.port, config.http.host);
  const server = app.getHttpServer() as Server;
  // Node closes an idle keep-alive connection after 5 s; a client (a load balancer, undici's fetch) that reuses
  // it at that moment gets "other side closed" on a request that never arrived. Idle connections live longer
  // here than behind any usual proxy (60 s), so the proxy, not Ferry, closes them first.
  server.keepAliveTimeout = HTTP_KEEP_ALIVE_MS;
  server.headersTimeout = HTTP_KEEP_ALIVE_MS + 1_000;
  try {
    metricsServer = await startMetricsServer(config.metrics);
  } catch (error) {
    logger.fatal(
      { err: error },
      `cannot serve metrics on ${config.metrics.host}:${config.metrics.port} (METRICS_HOST, METRICS_PORT): ${(error as Error).message}`,
    );
    process.exit(69);
  }
  logger.info(
    { url: `http://${config.http.host}:${config.http.port}`, metrics: `http://${config.metrics.host}:${config.metrics.port}/metrics` },
    `${definition.name} is running`,
  );
}
