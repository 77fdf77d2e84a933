import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CallingPrincipal, RequireScope, TenantAccessGuard, type Principal } from '@ferry/access';
import { SecretRotationService } from './secret-rotation.service';

/**
 * Re-seals every tenant's credentials, in every stored configuration version, under the active master key
 * (FERRY_SECRETS_ACTIVE_KEY); afterwards the old key can leave the ring (see SecretRotationService).
 */
@Controller('v1/operations/secret-rotation')
@UseGuards(TenantAccessGuard)
export class SecretRotationController {
  constructor(private readonly rotation: SecretRotationService) {}

  @Post()
  @HttpCode(200)
  @RequireScope('operator')
  async rotate(@CallingPrincipal() principal: Principal) {
    return this.rotation.rotate(principal);
  }
}
