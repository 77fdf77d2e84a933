import type { ApiKey } from '@ferry/contracts';
import type { CompactedTopicView } from '@ferry/kafka';
import { hashSecret, parseApiKey, sameHash, sameSecret, type Scope } from './api-key';

export type Principal = { kind: 'operator'; id: 'operator' } | { kind: 'tenant'; id: string; tenantId: string; scopes: Scope[] };

export type AccessDecision = { allowed: true; principal: Principal } | { allowed: false; status: 401 | 403; code: string; message: string };

/**
 * Who is calling, and may they act on this tenant with this scope. Operators (FERRY_OPERATOR_TOKEN) may act on
 * every tenant; a tenant API key only on its own tenant and only with the scopes it was given. Unknown keys
 * make the view catch up once, so a key created a moment ago works on every service at once.
 */
export class AccessService {
  constructor(
    private readonly keys: Pick<CompactedTopicView<ApiKey>, 'get' | 'catchUp'>,
    private readonly operatorToken: string | undefined,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    if (this.operatorToken && sameSecret(token, this.operatorToken)) return { kind: 'operator', id: 'operator' };
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    let key = this.keys.get(parsed.keyId);
    if (!key) {
      await this.keys.catchUp();
      key = this.keys.get(parsed.keyId);
    }
    if (!key || key.revokedAt) return undefined;
    return sameHash(key.secretHash, hashSecret(parsed.secret))
      ? { kind: 'tenant', id: key.keyId, tenantId: key.tenantId, scopes: key.scopes as Scope[] }
      : undefined;
  }

  async decide(authorization: string | undefined, tenantId: string | undefined, scope: Scope | 'operator'): Promise<AccessDecision> {
    const principal = await this.authenticate(authorization);
    if (!principal)
      return {
        allowed: false,
        status: 401,
        code: 'UNAUTHENTICATED',
        message: 'send Authorization: Bearer <tenant API key or operator token>; the one given is missing, unknown or revoked',
      };
    if (principal.kind === 'operator') return { allowed: true, principal };
    if (scope === 'operator') return { allowed: false, status: 403, code: 'OPERATOR_ONLY', message: 'only Ferry operators may do this' };
    if (tenantId === undefined || principal.tenantId !== tenantId)
      return { allowed: false, status: 403, code: 'WRONG_TENANT', message: `this API key is not valid for tenant ${tenantId ?? '(none)'}` };
    if (!principal.scopes.includes(scope))
      return { allowed: false, status: 403, code: 'MISSING_SCOPE', message: `this API key lacks the "${scope}" scope` };
    return { allowed: true, principal };
  }
}
