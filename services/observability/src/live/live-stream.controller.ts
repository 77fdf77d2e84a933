import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { CallingPrincipal, RequireScope, TenantAccessGuard, actorOf, type Principal } from '@ferry/access';
import { ObservabilityException } from '../observability.exception';
import { LiveEventBroadcaster } from './live-event-broadcaster';
import { STREAM_TOKEN_TTL_MS, checkStreamToken, type StreamScope } from './live-stream';
import { StreamTokenRepository } from './stream-token.repository';

export interface StreamTicket {
  token: string;
  expiresAt: string;
  streamUrl: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const tenantStreamUrl = (tenantId: string) => `/v1/tenants/${encodeURIComponent(tenantId)}/events/stream`;

/**
 * Stream tickets: an authenticated POST (the same API key or operator token and access rule as every other read)
 * answers a random token valid for a minute, for one tenant's stream or the fleet's. The browser's EventSource cannot
 * send an Authorization header, so it presents the token in the stream's URL instead of the key itself.
 */
@Controller('v1')
@UseGuards(TenantAccessGuard)
export class StreamTicketsController {
  constructor(private readonly tokens: StreamTokenRepository) {}

  @Post('tenants/:tenantId/events/stream-tokens')
  @HttpCode(201)
  @RequireScope('read')
  tenantTicket(@Param('tenantId') tenantId: string, @CallingPrincipal() principal: Principal): Promise<StreamTicket> {
    return this.issue(tenantId, principal, tenantStreamUrl(tenantId));
  }

  @Post('events/stream-tokens')
  @HttpCode(201)
  @RequireScope('fleet-read')
  fleetTicket(@CallingPrincipal() principal: Principal): Promise<StreamTicket> {
    return this.issue(null, principal, '/v1/events/stream');
  }

  private async issue(tenantId: string | null, principal: Principal, streamUrl: string): Promise<StreamTicket> {
    const token = `fst_${randomBytes(24).toString('base64url')}`;
    const expiresAt = await this.tokens.issue(hashOf(token), tenantId, actorOf(principal), STREAM_TOKEN_TTL_MS);
    return { token, expiresAt: expiresAt.toISOString(), streamUrl: `${streamUrl}?token=${token}` };
  }
}

/**
 * The live streams (server-sent events): new sync statuses, lane state changes and dead letters as observability
 * consumes them. Authenticated by a stream token (above), not a header; the token opens only the scope it was issued for.
 */
@Controller('v1')
export class LiveStreamController {
  constructor(
    private readonly tokens: StreamTokenRepository,
    private readonly broadcaster: LiveEventBroadcaster,
  ) {}

  @Get('tenants/:tenantId/events/stream')
  tenantStream(
    @Param('tenantId') tenantId: string,
    @Query('token') token: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.stream(tenantId, token, request, response);
  }

  @Get('events/stream')
  fleetStream(@Query('token') token: string | undefined, @Req() request: Request, @Res() response: Response): Promise<void> {
    return this.stream(null, token, request, response);
  }

  private async stream(scope: StreamScope, token: string | undefined, request: Request, response: Response): Promise<void> {
    const found = typeof token === 'string' && token.length <= 200 ? await this.tokens.find(hashOf(token)) : undefined;
    const check = checkStreamToken(found?.token, scope, found?.now ?? new Date());
    if (!check.ok)
      throw new ObservabilityException(
        'STREAM_TOKEN_INVALID',
        `the stream token is ${check.reason === 'other-scope' ? 'for another stream' : check.reason}: POST …/events/stream-tokens for a new one`,
      );
    response.status(200).set({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const opened = this.broadcaster.open(scope, {
      write: (frame) => response.write(frame),
      bufferedBytes: () => response.writableLength,
      onceDrained: (listener) => response.once('drain', listener),
      end: () => response.end(),
    });
    // Nothing is written when a stream is refused, so the error filter still answers in Ferry's error shape.
    if (!opened.admitted) throw new ObservabilityException('TOO_MANY_STREAMS', opened.reason);
    request.on('close', opened.close);
  }
}
