import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { OperatorAuditRepository } from '@ferry/database';
import { parseBody } from '@ferry/platform';
import { exceptionResolution } from '../dead-letters/dead-letter-replay.service';
import { ExceptionQueueRepository, type ExceptionComment, type ExceptionGroupRow } from './exception-queue.repository';
import { exceptionAuditEntry } from './exception-audit';
import { remediationOf, type Remediation } from './remediation';

const ids = z.array(z.string().min(1).max(200)).min(1).max(500);
const groupsQuery = z.object({ status: z.enum(['open', 'replayed', 'resolved']).default('open') });
const assignBody = z.object({ ids, assignee: z.string().trim().min(1).max(120).nullable() }).strict();
const commentBody = z.object({ ids, body: z.string().trim().min(1).max(2000) }).strict();
const resolveBody = z.object({ ids, resolution: z.string().trim().min(1).max(500) }).strict();

export type ExceptionGroup = ExceptionGroupRow & { remediation: Remediation & { matchedBy: string }; comments: ExceptionComment[] };

/**
 * The exception queue worked by cause: a tenant's dead letters grouped by error class and code, each group with its
 * guided remediation (remediation.ts), and the work on them — assign, comment, resolve without replaying (replay is
 * POST …/dead-letters/replay). Every change is audited (operator_audit) under the caller.
 */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class ExceptionQueueController {
  constructor(
    private readonly queue: ExceptionQueueRepository,
    private readonly audit: OperatorAuditRepository,
  ) {}

  @Get('exception-groups')
  @RequireScope('read')
  async groups(@Param('tenantId') tenantId: string, @Query() query: unknown): Promise<{ status: string; groups: ExceptionGroup[] }> {
    const { status } = parseBody(groupsQuery, query);
    const rows = await this.queue.groups(tenantId, status);
    const comments = await this.queue.comments(
      tenantId,
      rows.flatMap((row) => row.deadLetterIds),
      200,
    );
    return {
      status,
      groups: rows.map((row) => ({
        ...row,
        remediation: remediationOf(row.errorClass, row.errorCode),
        comments: comments.filter((comment) => row.deadLetterIds.includes(comment.deadLetterId)).slice(0, 10),
      })),
    };
  }

  @Post('dead-letters/assign')
  @HttpCode(200)
  @RequireScope('admin')
  async assign(
    @Param('tenantId') tenantId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ changed: string[] }> {
    const input = parseBody(assignBody, body);
    const changed = await this.queue.assign(tenantId, input.ids, input.assignee);
    await this.audit.record(
      exceptionAuditEntry('dead-letters.assign', tenantId, actorOf(principal), input.ids, { changed, assignee: input.assignee }, null),
    );
    return { changed };
  }

  @Post('dead-letters/comments')
  @HttpCode(201)
  @RequireScope('admin')
  async comment(
    @Param('tenantId') tenantId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ commented: string[] }> {
    const input = parseBody(commentBody, body);
    const actor = actorOf(principal);
    const commented = await this.queue.comment(tenantId, input.ids, actor, input.body);
    await this.audit.record(exceptionAuditEntry('dead-letters.comment', tenantId, actor, input.ids, { commented }, input.body));
    return { commented };
  }

  /** Closes open dead letters without replaying them; answers each one's resolution time. */
  @Post('dead-letters/resolve')
  @HttpCode(200)
  @RequireScope('admin')
  async resolve(
    @Param('tenantId') tenantId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<{ resolved: { deadLetterId: string; resolutionSeconds: number }[]; notOpen: string[] }> {
    const input = parseBody(resolveBody, body);
    const actor = actorOf(principal);
    const resolved = (await this.queue.resolve(tenantId, input.ids, actor, input.resolution)).map(
      ({ deadLetterId, errorClass, resolutionSeconds }) => {
        exceptionResolution.observe({ error_class: errorClass }, resolutionSeconds);
        return { deadLetterId, resolutionSeconds };
      },
    );
    const notOpen = input.ids.filter((id) => !resolved.some((item) => item.deadLetterId === id));
    await this.audit.record(
      exceptionAuditEntry('dead-letters.resolve', tenantId, actor, input.ids, { resolved, notOpen }, input.resolution),
    );
    return { resolved, notOpen };
  }
}
