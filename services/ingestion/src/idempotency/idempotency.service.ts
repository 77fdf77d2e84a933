import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@ferry/logging';
import { counter } from '@ferry/metrics';
import { LOGGER, PLATFORM_CONFIG } from '@ferry/platform';
import type { IngestionConfig } from '../ingestion.config';
import { IngestionException } from '../ingestion.exception';
import { decideIdempotency, mayClaim } from './idempotency-decision';
import { requestHashOf } from './idempotency-key';
import { IdempotencyRepository } from './idempotency.repository';

/** An answer of the HTTP API; `replayed` when it is the stored answer of an earlier request with the same key. */
export interface IdempotentAnswer<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** Longer than any request may take: an entry still in progress after this was abandoned (its replica died). */
export const IN_FLIGHT_LIMIT_MS = 5 * 60_000;
const PRUNE_INTERVAL_MS = 10 * 60_000;

const outcomes = counter('ferry_ingestion_idempotency_total', 'Requests with an Idempotency-Key, by decision', ['tenant_id', 'decision']);

/**
 * Runs a request at most once per (tenant, Idempotency-Key) within the window: the first one claims the key and
 * its answer is stored; a retry with the same body gets that answer back without running again, one with another
 * body 422, one while the first is still running 409. A request that fails with a server error gives the key back,
 * so its retry runs for real (the event ids still make a second publication a duplicate).
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private pruneTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly entries: IdempotencyRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: Pick<IngestionConfig, 'idempotencyTtlHours'>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async once<T>(
    tenantId: string,
    key: string,
    requestBody: unknown,
    run: () => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentAnswer<T>> {
    const requestHash = requestHashOf(requestBody);
    // Twice at most: a claim lost to a concurrent request is decided again on what that request left.
    for (let look = 0; look < 2; look += 1) {
      const entry = await this.entries.find(tenantId, key);
      const decision = decideIdempotency(entry, requestHash, IN_FLIGHT_LIMIT_MS);
      if (mayClaim(decision)) {
        if (!(await this.entries.claim(tenantId, key, requestHash, this.config.idempotencyTtlHours, IN_FLIGHT_LIMIT_MS))) continue;
        outcomes.inc({ tenant_id: tenantId, decision });
        return { ...(await this.runHolding(tenantId, key, requestHash, run)), replayed: false };
      }
      outcomes.inc({ tenant_id: tenantId, decision });
      switch (decision) {
        case 'replay':
          return { status: entry!.response!.status, body: entry!.response!.body as T, replayed: true };
        case 'conflict':
          throw new IngestionException(
            'IDEMPOTENCY_KEY_REUSED',
            `Idempotency-Key "${key}" was used with another request body; use a new key for a new request`,
          );
        case 'in-progress':
          throw inProgress(key);
        default:
          return unexpected(decision);
      }
    }
    outcomes.inc({ tenant_id: tenantId, decision: 'in-progress' });
    throw inProgress(key);
  }

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  /** Deletes expired entries; every replica prunes, which is harmless (a row is deleted once). */
  async prune(): Promise<number> {
    try {
      const pruned = await this.entries.pruneExpired();
      if (pruned > 0) this.logger.info({ pruned }, 'expired idempotency entries pruned');
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune idempotency entries; trying again later');
      return 0;
    }
  }

  private async runHolding<T>(
    tenantId: string,
    key: string,
    requestHash: string,
    run: () => Promise<{ status: number; body: T }>,
  ): Promise<{ status: number; body: T }> {
    let answer: { status: number; body: T };
    try {
      answer = await run();
    } catch (error) {
      await this.entries.release(tenantId, key, requestHash).catch((releaseError: unknown) => {
        this.logger.warn({ err: releaseError }, 'could not release an idempotency key; it is freed once abandoned');
      });
      throw error;
    }
    // The events are published: answer with success even if the answer cannot be stored; the entry then stays in
    // progress (retries 409) until abandoned, and a retry after that is de-duplicated by event id.
    await this.entries.complete(tenantId, key, requestHash, answer).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not store an idempotent answer');
    });
    return answer;
  }
}

function inProgress(key: string): IngestionException {
  return new IngestionException(
    'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    `a request with Idempotency-Key "${key}" is still being answered; retry once it has been`,
  );
}

function unexpected(decision: never): never {
  throw new Error(`unhandled idempotency decision ${String(decision)}`);
}
