import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Injectable,
  Res,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Response } from 'express';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { PlatformConfig } from '@ferry/config';
import { registryConnection } from '@ferry/kafka';
import { ConsumerRegistry } from './consumer-registry';
import { readinessOf, type CheckResult, type HealthReport } from './health-readiness';
import { PLATFORM_CONFIG } from './platform.tokens';

async function timed(check: () => Promise<unknown>, timeoutMs = 3000): Promise<CheckResult> {
  const started = Date.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: 'up', ms: Date.now() - started };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message, ms: Date.now() - started };
  }
}

/**
 * Readiness: the service can do its job only when Kafka, the registry and (if it has one) its database answer.
 * The checks run every HEALTH_CHECK_INTERVAL_MS, one round at a time, and GET /health answers from the last
 * round with its age: however often a load balancer or an attacker asks, the dependencies see one admin
 * connection, one registry call and one query per interval.
 */
@Injectable()
export class HealthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private last: { checks: Record<string, CheckResult>; checkedAt: number } | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly consumers: ConsumerRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.healthCheckIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The last round's answer; before the first round finished, waits for it. */
  async report(): Promise<HealthReport> {
    if (!this.last) await this.refresh();
    // Stuck for three intervals plus the slowest check's timeout: the checker is not doing its job.
    const staleAfterMs = 3 * this.config.healthCheckIntervalMs + 3000;
    return readinessOf(this.config.service, this.last, Date.now(), staleAfterMs);
  }

  /** One round of checks; a caller arriving while one runs shares it. */
  private refresh(): Promise<void> {
    this.running ??= this.runChecks().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runChecks(): Promise<void> {
    const checks: Record<string, CheckResult> = {};
    const [kafka, registry] = await Promise.all([
      timed(async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      }),
      timed(async () => {
        const response = await registryConnection(this.config.registry).request('/subjects');
        if (!response.ok) throw new Error(`registry answered ${response.status}`);
      }),
    ]);
    checks['kafka'] = kafka;
    checks['schemaRegistry'] = registry;
    const dataSource = this.dataSource();
    if (dataSource) checks['database'] = await timed(() => dataSource.query('SELECT 1'));
    checks['consumers'] = this.consumers.allRunning()
      ? { status: 'up', ms: 0 }
      : { status: 'down', detail: 'a consumer is not running', ms: 0 };
    this.last = { checks, checkedAt: Date.now() };
  }

  private dataSource(): DataSource | undefined {
    try {
      return this.moduleRef.get(DataSource, { strict: false });
    } catch {
      return undefined;
    }
  }
}

@Controller('health')
export class HealthController {
  constructor(private readonly healthService: HealthService) {}

  /**
   * Readiness: 200 when every dependency answered at the last round of checks, 503 naming the one that did not;
   * checkedAt and ageMs say when that was. Cheap: it reads the cached round, it never checks on request.
   */
  @Get()
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.healthService.report();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  /** The same readiness answer under the name orchestrators expect. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    return this.readiness(response);
  }

  /**
   * Liveness only: the process answers, touching no dependency. An orchestrator must not restart a service
   * because Kafka is down (that is readiness), only because the process itself stopped answering.
   */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
