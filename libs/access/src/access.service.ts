import type { OperatorKey, OperatorRole } from '@ferry/config';
import type { ApiKey } from '@ferry/contracts';
import type { CompactedTopicView } from '@ferry/kafka';
import { httpStatusOf, type AccessErrorCode } from './access.exception';
import { hashSecret, parseApiKey, sameHash, sameSecret, type Scope } from './api-key';
import { MissMemory, SharedCatchUp } from './key-catch-up';
import { operatorMay, type RequiredScope } from './operator-access';

/**
 * Who is calling. An operator's id is its name from FERRY_OPERATOR_KEYS, or "operator" for the shared
 * FERRY_OPERATOR_TOKEN (an admin); a tenant key's id is its key id.
 */
export type Principal =
  { kind: 'operator'; id: string; role: OperatorRole } | { kind: 'tenant'; id: string; tenantId: string; scopes: Scope[] };

/** How audit records name a principal: "operator" (the shared token), "operator:<name>", or "api-key:<key id>". */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'tenant') return `api-key:${principal.id}`;
  return principal.id === SHARED_OPERATOR ? SHARED_OPERATOR : `operator:${principal.id}`;
}

/** The operator credentials a service accepts. */
export interface OperatorCredentials {
  /** FERRY_OPERATOR_TOKEN: the shared break-glass token, the admin operator named "operator". */
  sharedToken: string | undefined;
  /** FERRY_OPERATOR_KEYS: named operators, each with a role and the sha256 of its token. */
  keys: readonly OperatorKey[];
}

/** The name the shared operator token acts under. */
export const SHARED_OPERATOR = 'operator';

export type AccessDecision =
  { allowed: true; principal: Principal } | { allowed: false; status: 401 | 403; code: AccessErrorCode; message: string };

function refused(code: AccessErrorCode, message: string): AccessDecision {
  return { allowed: false, status: httpStatusOf(code), code, message };
}

export interface UnknownKeyOptions {
  /** How long a key id a catch-up did not find is answered 401 without asking the broker again. */
  missMemoryMs: number;
  /** Least time between two catch-ups of the key view (there is never more than one at a time). */
  minCatchUpIntervalMs: number;
}

/**
 * Who is calling, and may they act on this tenant with this scope. Operators (FERRY_OPERATOR_KEYS by name and role,
 * or the shared FERRY_OPERATOR_TOKEN) may act on every tenant as far as their role allows; a tenant API key only on its own tenant and only with the scopes it was given. An unknown key
 * makes the view catch up, so a key created a moment ago works on every service at once; those catch-ups are
 * shared and spaced, and misses remembered, so unknown keys cannot make a service work the broker per request.
 */
export class AccessService {
  private readonly catchUps: SharedCatchUp;
  private readonly misses: MissMemory;

  constructor(
    private readonly keys: Pick<CompactedTopicView<ApiKey>, 'cached' | 'catchUp'>,
    private readonly operators: OperatorCredentials,
    options: UnknownKeyOptions = { missMemoryMs: 30_000, minCatchUpIntervalMs: 500 },
  ) {
    this.catchUps = new SharedCatchUp(() => this.keys.catchUp(), options.minCatchUpIntervalMs);
    this.misses = new MissMemory(options.missMemoryMs);
  }

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    const operator = this.operator(token);
    if (operator) return operator;
    const parsed = parseApiKey(token);
    if (!parsed) return undefined;
    const key = this.keys.cached(parsed.keyId) ?? (await this.afterCatchUp(parsed.keyId));
    if (!key || key.revokedAt) return undefined;
    return sameHash(key.secretHash, hashSecret(parsed.secret))
      ? { kind: 'tenant', id: key.keyId, tenantId: key.tenantId, scopes: key.scopes as Scope[] }
      : undefined;
  }

  /** The operator a token belongs to: every named key is compared (in constant time), so timing names none. */
  private operator(token: string): Principal | undefined {
    if (this.operators.sharedToken && sameSecret(token, this.operators.sharedToken))
      return { kind: 'operator', id: SHARED_OPERATOR, role: 'admin' };
    const tokenHash = hashSecret(token);
    let found: OperatorKey | undefined;
    for (const key of this.operators.keys) if (sameHash(key.tokenHash, tokenHash)) found = key;
    return found ? { kind: 'operator', id: found.name, role: found.role } : undefined;
  }

  /** The key once the view has read everything published before now, unless it was recently found missing. */
  private async afterCatchUp(keyId: string): Promise<ApiKey | undefined> {
    if (this.misses.has(keyId)) return undefined;
    const caughtUp = await this.catchUps.request();
    const key = this.keys.cached(keyId);
    if (!key && caughtUp) this.misses.remember(keyId);
    return key;
  }

  async decide(authorization: string | undefined, tenantId: string | undefined, scope: RequiredScope): Promise<AccessDecision> {
    const principal = await this.authenticate(authorization);
    if (!principal)
      return refused(
        'UNAUTHENTICATED',
        'send Authorization: Bearer <tenant API key or operator token>; the one given is missing, unknown or revoked',
      );
    if (principal.kind === 'operator') {
      return operatorMay(principal.role, scope)
        ? { allowed: true, principal }
        : refused('OPERATOR_ROLE', `operator ${principal.id} has the ${principal.role} role, which may not do this`);
    }
    if (scope === 'operator' || scope === 'fleet-read') return refused('OPERATOR_ONLY', 'only Ferry operators may do this');
    if (tenantId === undefined || principal.tenantId !== tenantId)
      return refused('WRONG_TENANT', `this API key is not valid for tenant ${tenantId ?? '(none)'}`);
    if (!principal.scopes.includes(scope)) return refused('MISSING_SCOPE', `this API key lacks the "${scope}" scope`);
    return { allowed: true, principal };
  }
}
