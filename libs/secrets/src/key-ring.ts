import { z } from 'zod';

export interface KeyRing {
  /** Key new secrets are sealed with. */
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/**
 * FERRY_SECRETS_KEYRING="k2026a:<base64 32 bytes>,k2025b:<base64 32 bytes>", FERRY_SECRETS_ACTIVE_KEY=k2026a.
 * Older keys stay in the ring so secrets sealed with them still open until the rotation command re-seals them.
 */
export const keyRingEnvShape = {
  FERRY_SECRETS_KEYRING: z.string({ required_error: 'is required: comma-separated keyId:base64(32 bytes) master keys' }),
  FERRY_SECRETS_ACTIVE_KEY: z.string().optional(),
};

/** Builds the ring, reporting each bad entry on the refinement context (or throwing when there is none). */
export function parseKeyRing(
  env: { FERRY_SECRETS_KEYRING: string; FERRY_SECRETS_ACTIVE_KEY?: string | undefined },
  ctx?: z.RefinementCtx,
): KeyRing {
  const problems: { path: string; message: string }[] = [];
  const keys = new Map<string, Buffer>();
  for (const entry of env.FERRY_SECRETS_KEYRING.split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!id || !/^[\w-]{1,32}$/.test(id) || key.length !== 32) {
      problems.push({ path: 'FERRY_SECRETS_KEYRING', message: `entry "${id ?? ''}:…" must be keyId:base64 of exactly 32 bytes` });
      continue;
    }
    keys.set(id, key);
  }
  const activeKeyId = env.FERRY_SECRETS_ACTIVE_KEY ?? [...keys.keys()][0] ?? '';
  if (!keys.has(activeKeyId))
    problems.push({ path: 'FERRY_SECRETS_ACTIVE_KEY', message: `"${activeKeyId}" is not a key in FERRY_SECRETS_KEYRING` });
  if (problems.length > 0) {
    if (!ctx) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    problems.forEach((problem) => ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message }));
  }
  return { activeKeyId, keys };
}

export const keyRingEnvSchema = z.object(keyRingEnvShape).transform((env, ctx) => parseKeyRing(env, ctx));
