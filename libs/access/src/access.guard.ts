import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessDeniedException } from './access.exception';
import { AccessService, type Principal } from './access.service';
import type { RequiredScope } from './operator-access';

const SCOPE_KEY = 'ferry:required-scope';

/** What a handler needs of its caller on the :tenantId of its route (operator-access.ts: 'operator', 'fleet-read' = operators only). */
export const RequireScope = (scope: RequiredScope) => SetMetadata(SCOPE_KEY, scope);

/** The scope RequireScope declared on a handler (or its controller), for tests of an API's access rules. */
export function requiredScopeOf(controller: object, handler: unknown): RequiredScope | undefined {
  return (Reflect.getMetadata(SCOPE_KEY, handler as object) ?? Reflect.getMetadata(SCOPE_KEY, controller)) as RequiredScope | undefined;
}

/** The authenticated caller, for audit records ("who"). */
export const CallingPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<Request & { principal: Principal }>().principal;
});

/**
 * Enforces RequireScope on every handler of a controller it guards. A handler without RequireScope is refused:
 * forgetting to declare access must fail closed.
 */
@Injectable()
export class TenantAccessGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<RequiredScope | undefined>(SCOPE_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!scope) throw new AccessDeniedException('NO_ACCESS_RULE', 'this endpoint declares no access rule');
    const tenantId = typeof request.params['tenantId'] === 'string' ? request.params['tenantId'] : undefined;
    const decision = await this.access.decide(request.header('authorization'), tenantId, scope);
    if (!decision.allowed) throw new AccessDeniedException(decision.code, decision.message);
    request.principal = decision.principal;
    return true;
  }
}
