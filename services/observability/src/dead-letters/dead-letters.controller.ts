import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { OperatorAuditRepository } from '@ferry/database';
import { AvroCodec } from '@ferry/kafka';
import { parseBody } from '@ferry/platform';
import { ObservabilityException } from '../observability.exception';
import { DeadLetterReplayService, type ReplayItem } from './dead-letter-replay.service';
import { DeadLetterRepository, type DeadLetterFilter, type StoredDeadLetter } from './dead-letter.repository';
import { replayAuditEntry } from './replay-audit';

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date-time')
  .transform((value) => new Date(value));
const selector = {
  from: isoDate.optional(),
  to: isoDate.optional(),
  errorClass: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
  service: z
    .string()
    .regex(/^[a-z0-9-]{1,60}$/)
    .optional(),
  eventId: z.string().min(1).max(200).optional(),
};
const listQuery = z.object({
  ...selector,
  status: z.enum(['open', 'replayed', 'resolved']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const replayBody = z
  .object({
    ...selector,
    ids: z.array(z.string().min(1).max(200)).min(1).max(1000).optional(),
    dryRun: z.boolean().default(false),
    limit: z.number().int().min(1).max(1000).default(100),
    reason: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine((body) => body.ids || body.from || body.to || body.errorClass || body.service || body.eventId, {
    message: 'name the dead letters to replay: ids, or at least one of from, to, errorClass, service, eventId',
  });

type DeadLetterSummary = Omit<StoredDeadLetter, 'key' | 'value'> & { key: string | null };

function summary({ key, value: _value, ...rest }: StoredDeadLetter): DeadLetterSummary {
  return { ...rest, key: key ? key.toString('utf8') : null };
}

/** Support's exception queue: every dead letter of the tenant, what it held, and replay (with a dry run). */
@Controller('v1/tenants/:tenantId/dead-letters')
@UseGuards(TenantAccessGuard)
export class DeadLettersController {
  constructor(
    private readonly repository: DeadLetterRepository,
    private readonly replays: DeadLetterReplayService,
    private readonly codec: AvroCodec,
    private readonly audit: OperatorAuditRepository,
  ) {}

  @Get()
  @RequireScope('read')
  async list(@Param('tenantId') tenantId: string, @Query() query: unknown): Promise<{ items: DeadLetterSummary[] }> {
    const filter: DeadLetterFilter = parseBody(listQuery, query);
    return { items: (await this.repository.list(tenantId, filter)).map(summary) };
  }

  /** One dead letter with its message decoded (as far as it still decodes). */
  @Get(':deadLetterId')
  @RequireScope('read')
  async get(
    @Param('tenantId') tenantId: string,
    @Param('deadLetterId') deadLetterId: string,
  ): Promise<DeadLetterSummary & { message: unknown; messageBase64: string | null }> {
    const deadLetter = await this.repository.get(tenantId, deadLetterId);
    if (!deadLetter) throw new ObservabilityException('DEAD_LETTER_NOT_FOUND', `no dead letter ${deadLetterId} for tenant ${tenantId}`);
    let message: unknown = null;
    if (deadLetter.value) {
      message = await this.codec.decode(deadLetter.value).then(
        (decoded) => ({
          recordName: decoded.recordName,
          value: JSON.parse(JSON.stringify(decoded.value, (_k, v: unknown) => (Buffer.isBuffer(v) ? `<${v.length} bytes>` : v))) as unknown,
        }),
        (error: unknown) => ({ unreadable: (error as Error).message }),
      );
    }
    return { ...summary(deadLetter), message, messageBase64: deadLetter.value ? deadLetter.value.toString('base64') : null };
  }

  /**
   * Replays the named dead letters (or those matching the filter); `dryRun: true` shows what would be sent and sends
   * nothing. A replay that sends is audited (operator_audit): who, which, what became of each, and the reason given.
   */
  @Post('replay')
  @HttpCode(200)
  @RequireScope('admin')
  async replay(
    @Param('tenantId') tenantId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ dryRun: boolean; items: ReplayItem[] }> {
    const { dryRun, ids, limit, reason, ...filter } = parseBody(replayBody, body);
    const selected = await this.repository.list(tenantId, { ...filter, ...(ids ? { ids } : {}), status: 'open', limit });
    const missing = ids?.filter((id) => !selected.some((deadLetter) => deadLetter.deadLetterId === id)) ?? [];
    const replayed = await this.replays.replay(selected, dryRun);
    const items: ReplayItem[] = [
      ...replayed,
      ...missing.map((id) => ({
        deadLetterId: id,
        service: 'unknown',
        eventId: null,
        outcome: 'refused' as const,
        reason: 'NOT_OPEN: no open dead letter with this id for the tenant (unknown, or already replayed)',
      })),
    ];
    if (!dryRun) {
      const request = { tenantId, actor: actorOf(principal), ids, filter, reason };
      await this.audit.record(
        replayAuditEntry(
          request,
          selected.map((deadLetter) => deadLetter.deadLetterId),
          items,
        ),
      );
    }
    return { dryRun, items };
  }
}
