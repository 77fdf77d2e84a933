import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

const VERSION = 'fs1';

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

export class SecretSealError extends Error {
  readonly code = 'SECRET_UNREADABLE';
}

/**
 * Envelope encryption: each secret gets its own random data key (AES-256-GCM); the data key is sealed with a
 * master key from the ring, whose id travels with the secret. `context` (e.g. tenant and connection id) is
 * bound as associated data, so a sealed secret copied onto another tenant's connection does not open.
 *
 * Format: fs1.<masterKeyId>.<sealed data key>.<sealed payload>
 */
export class SecretSealer {
  constructor(private readonly ring: KeyRing) {}

  seal(secret: Record<string, string>, context: string): string {
    const dataKey = randomBytes(32);
    const keyId = this.ring.activeKeyId;
    const master = this.ring.keys.get(keyId);
    if (!master) throw new SecretSealError(`active key ${keyId} is not in the key ring`);
    const wrapped = seal(master, dataKey, `${VERSION}:${keyId}:${context}`);
    const payload = seal(dataKey, Buffer.from(JSON.stringify(secret)), `${VERSION}:${context}`);
    return [VERSION, keyId, wrapped, payload].join('.');
  }

  open(sealed: string, context: string): Record<string, string> {
    const [version, keyId, wrapped, payload] = sealed.split('.');
    if (version !== VERSION || !keyId || !wrapped || !payload) throw new SecretSealError('not a Ferry sealed secret');
    const master = this.ring.keys.get(keyId);
    if (!master) throw new SecretSealError(`sealed with master key "${keyId}", which is not in this service's key ring`);
    try {
      const dataKey = open(master, wrapped, `${VERSION}:${keyId}:${context}`);
      return JSON.parse(open(dataKey, payload, `${VERSION}:${context}`).toString('utf8')) as Record<string, string>;
    } catch {
      throw new SecretSealError(`cannot open secret sealed with key "${keyId}" for this context (wrong key or tampered)`);
    }
  }

  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }

  /** Re-seals under the active key; the rotation command runs this over every stored secret. */
  reseal(sealed: string, context: string): string {
    return this.seal(this.open(sealed, context), context);
  }
}
