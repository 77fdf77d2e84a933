import { Injectable, type OnModuleInit } from '@nestjs/common';
import { gauge } from '@ferry/metrics';
import type { HealthReport } from './health-readiness';
import { HealthService } from './health.service';

/** Health check names as metric label values: kafka, schema_registry, database, consumers. */
export function dependencyLabel(check: string): string {
  return check.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The readiness report as gauges: 1 up, 0 down, and how long each check took. */
export function dependencyGauges(report: HealthReport): { dependency: string; up: number; seconds: number }[] {
  return Object.entries(report.checks).map(([check, result]) => ({
    dependency: dependencyLabel(check),
    up: result.status === 'up' ? 1 : 0,
    seconds: result.ms / 1000,
  }));
}

/**
 * Platform health as seen by this process: can it reach Kafka, the registry, its database, and are its
 * consumers running. Each replica reports for itself (dashboards take min by service), checked at scrape time
 * with the readiness probe's timeouts.
 */
@Injectable()
export class DependencyMetrics implements OnModuleInit {
  private pending: Promise<HealthReport> | undefined;

  constructor(private readonly health: HealthService) {}

  onModuleInit(): void {
    const report = () => this.report();
    gauge('ferry_dependency_up', 'Whether this process reaches a dependency: 1 up, 0 down', ['dependency'], async function () {
      this.reset();
      for (const row of dependencyGauges(await report())) this.set({ dependency: row.dependency }, row.up);
    });
    gauge('ferry_dependency_check_seconds', 'How long the last check of a dependency took', ['dependency'], async function () {
      this.reset();
      for (const row of dependencyGauges(await report())) this.set({ dependency: row.dependency }, row.seconds);
    });
  }

  /** One check per scrape for both gauges. */
  private report(): Promise<HealthReport> {
    if (this.pending) return this.pending;
    const pending = this.health.report().finally(() => setTimeout(() => (this.pending = undefined), 1000).unref());
    this.pending = pending;
    return pending;
  }
}
