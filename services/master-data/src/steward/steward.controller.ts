import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { parseBody } from '@ferry/platform';
import type { GoldenCustomerView, ReviewView } from '../golden-records/golden-records.service';
import { StewardService, type DecidedReview } from './steward.service';

const reviewsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });
const reason = z.string().min(1).max(500).optional();
const decisionBody = z.object({ decision: z.enum(['merge', 'keepApart']), reason }).strict();
const splitBody = z
  .object({
    recordKeys: z
      .array(z.string().regex(/^[^:]+:.+$/, 'a record key is <source>:<recordId>'))
      .min(1)
      .max(1000),
    reason,
  })
  .strict();

/** Master-data stewardship: golden customers with lineage, the review queue, review decisions and splits. */
@Controller('v1/tenants/:tenantId')
@UseGuards(TenantAccessGuard)
export class StewardController {
  constructor(private readonly steward: StewardService) {}

  @Get('golden-customers/:goldenId')
  @RequireScope('read')
  goldenCustomer(@Param('tenantId') tenantId: string, @Param('goldenId') goldenId: string): Promise<GoldenCustomerView> {
    return this.steward.goldenCustomer(tenantId, goldenId);
  }

  @Get('match-reviews')
  @RequireScope('admin')
  async reviews(@Param('tenantId') tenantId: string, @Query() query: unknown): Promise<{ items: ReviewView[] }> {
    return { items: await this.steward.openReviews(tenantId, parseBody(reviewsQuery, query).limit) };
  }

  @Post('match-reviews/:reviewId/decision')
  @HttpCode(200)
  @RequireScope('admin')
  decide(
    @Param('tenantId') tenantId: string,
    @Param('reviewId') reviewId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<DecidedReview> {
    const { decision, reason: why } = parseBody(decisionBody, body);
    return this.steward.decide(tenantId, reviewId, decision, actorOf(principal), why ?? null);
  }

  @Post('golden-customers/:goldenId/split')
  @HttpCode(200)
  @RequireScope('admin')
  split(
    @Param('tenantId') tenantId: string,
    @Param('goldenId') goldenId: string,
    @Body() body: unknown,
    @CallingPrincipal() principal: Principal,
  ): Promise<Awaited<ReturnType<StewardService['split']>>> {
    const { recordKeys, reason: why } = parseBody(splitBody, body);
    return this.steward.split(tenantId, goldenId, recordKeys, actorOf(principal), why ?? null);
  }
}
