import { createHash } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import {
  EgressRefusedError,
  ErpError,
  currentEgress,
  hostRefusal,
  resolveAllowedAddress,
  urlRefusal,
  type ErpConnectionContext,
} from '@ferry/erp-core';
import { hostKeyPinProblem } from '@ferry/erp-templates';

/**
 * An SFTP session to a connection's server, as the connector opens it: the destination within the egress
 * policy, the pinned host key (mandatory), the connection's key or password. Failures are ErpErrors:
 * `auth_revoked` for a missing pin, a changed host key or refused credentials, `retryable` for an unreachable
 * server. The caller ends the session.
 */
export async function openSftpSession(connection: ErpConnectionContext): Promise<SftpClient> {
  // Pinning is mandatory: connections saved before it was are refused here rather than trusting any host key.
  const pinnedHostKey = connection.settings['hostKeyFingerprint'];
  const pinProblem = hostKeyPinProblem(pinnedHostKey);
  if (pinProblem || !pinnedHostKey)
    throw new ErpError(
      'auth_revoked',
      'csv_sftp',
      'connect',
      `settings.hostKeyFingerprint ${pinProblem ?? 'is required'}; nothing was sent`,
    );
  const destination = await sftpDestination(connection);
  // The library's default listeners write to the console; failures reach us through the calls we await.
  const client = new SftpClient(`ferry-${connection.tenantId}`, { error: () => undefined, end: () => undefined, close: () => undefined });
  try {
    await client.connect({
      ...destination,
      username: connection.settings['username'] ?? '',
      ...(connection.credentials['privateKeyPem'] ? { privateKey: connection.credentials['privateKeyPem'] } : {}),
      ...(connection.credentials['password'] ? { password: connection.credentials['password'] } : {}),
      readyTimeout: 10_000,
      retries: 0,
      hostVerifier: pinnedHostVerifier(pinnedHostKey),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (/host key|hostVerifier|verification failed/i.test(message))
      throw new ErpError(
        'auth_revoked',
        'csv_sftp',
        'connect',
        `the SFTP server's host key does not match settings.hostKeyFingerprint (${pinnedHostKey}); confirm the new key with the partner before changing the setting`,
        { cause: error },
      );
    if (/authentication/i.test(message))
      throw new ErpError('auth_revoked', 'csv_sftp', 'connect', `the SFTP server refused the credentials: ${message}`, { cause: error });
    throw new ErpError('retryable', 'csv_sftp', 'connect', `cannot reach the SFTP server: ${message}`, { cause: error, ambiguous: false });
  }
  return client;
}

/** OpenSSH's SHA256 fingerprint (as `ssh-keygen -lf` prints it) of a host key in SSH wire format. */
export function hostKeyFingerprint(wireKey: Buffer): string {
  return `SHA256:${createHash('sha256').update(wireKey).digest('base64').replace(/=+$/, '')}`;
}

/** The host verifier for a pinned key: only a server presenting exactly that key is talked to. */
export function pinnedHostVerifier(pinnedFingerprint: string): (presentedKey: Buffer) => boolean {
  return (presentedKey) => hostKeyFingerprint(presentedKey) === pinnedFingerprint;
}

/**
 * The SFTP server to connect to, within the egress policy: the host (settings.host, else the sftp:// base URL's)
 * is judged, resolved once, and the connection opened to the address that was judged (ssh2 has no lookup hook,
 * so connecting to the name would let a second DNS answer differ). Host-key checks do not depend on the name.
 */
export async function sftpDestination(connection: ErpConnectionContext): Promise<{ host: string; port: number }> {
  const settings = currentEgress();
  const refused = (reason: string) =>
    new ErpError('validation', 'csv_sftp', 'connect', `SFTP connect refused: the connection's destination is not allowed: ${reason}`, {
      erpCode: 'EGRESS_REFUSED',
      ambiguous: false,
    });
  const baseRefusal = urlRefusal('csv_sftp', connection.baseUrl, settings);
  if (baseRefusal) throw refused(`baseUrl ${baseRefusal}`);
  const base = new URL(connection.baseUrl);
  const host = connection.settings['host'] ?? base.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(connection.settings['port'] ?? (base.port || 22));
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw refused(`port ${connection.settings['port'] ?? base.port} is not a TCP port`);
  const hostProblem = hostRefusal('csv_sftp', host, settings, port);
  if (hostProblem) throw refused(hostProblem);
  try {
    return { host: await resolveAllowedAddress(host, settings, port), port };
  } catch (error) {
    if (error instanceof EgressRefusedError) throw refused(error.message);
    throw new ErpError('retryable', 'csv_sftp', 'connect', `cannot resolve the SFTP server ${host}: ${(error as Error).message}`, {
      cause: error,
      ambiguous: false,
    });
  }
}
