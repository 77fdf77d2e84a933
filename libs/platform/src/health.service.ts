import { Controller, Get, HttpStatus, Inject, Injectable, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Response } from 'express';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { PlatformConfig } from '@ferry/config';
import { registryConnection } from '@ferry/kafka';
import { ConsumerRegistry } from './consumer-registry';
import { PLATFORM_CONFIG } from './platform.tokens';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  service: string;
  checks: Record<string, { status: 'up' | 'down'; detail?: string; ms: number }>;
}

async function timed(check: () => Promise<unknown>, timeoutMs = 3000): Promise<{ status: 'up' | 'down'; detail?: string; ms: number }> {
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

/** Readiness: the service can do its job only when Kafka, the registry and (if it has one) its database answer. */
@Injectable()
export class HealthService {
  constructor(
    private readonly kafka: Kafka,
    private readonly consumers: ConsumerRegistry,
    private readonly moduleRef: ModuleRef,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async report(): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
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
    const status = Object.values(checks).every((check) => check.status === 'up') ? 'ok' : 'unavailable';
    return { status, service: this.config.service, checks };
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

  /** Readiness and liveness in one answer: 200 when every dependency answers, 503 naming the one that does not. */
  @Get()
  async readiness(@Res({ passthrough: true }) response: Response): Promise<HealthReport> {
    const report = await this.healthService.report();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  /** Liveness only: the process answers. For orchestrators that must not restart a service because Kafka is down. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
