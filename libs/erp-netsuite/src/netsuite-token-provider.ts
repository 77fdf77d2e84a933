import { SignJWT, importPKCS8 } from 'jose';
import {
  AccessTokenCache,
  ErpError,
  egressFetch,
  erpErrorText,
  readErpJsonOrEmpty,
  sendToErp,
  type ErpConnectionContext,
} from '@ferry/erp-core';

/** Where NetSuite's OAuth 2.0 token endpoint is for a connection (settings.tokenUrl overrides). */
export function netsuiteTokenUrl(connection: ErpConnectionContext): string {
  return connection.settings['tokenUrl'] ?? `${connection.baseUrl.replace(/\/$/, '')}/services/rest/auth/oauth2/v1/token`;
}

/**
 * OAuth 2.0 client credentials (machine-to-machine) as NetSuite does it: the client proves itself with a JWT
 * assertion signed by the private key of a certificate uploaded to the integration record (kid = certificate
 * id, iss = client id, aud = token URL, scope rest_webservices). Tokens are cached per tenant connection until
 * a minute before they expire, and dropped when NetSuite says they no longer work or the connection changes.
 */
export class NetSuiteTokenProvider {
  private readonly cache = new AccessTokenCache();

  constructor(private readonly fetchImpl: typeof fetch = egressFetch) {}

  accessToken(connection: ErpConnectionContext): Promise<string> {
    return this.cache.get(connection, () => this.requestToken(connection));
  }

  invalidate(connection: ErpConnectionContext): void {
    this.cache.invalidate(connection);
  }

  private async requestToken(connection: ErpConnectionContext): Promise<{ token: string; expiresInSeconds: number }> {
    const { clientId, certificateId } = connection.settings;
    const algorithm = connection.settings['algorithm'] ?? 'ES256';
    const privateKeyPem = connection.credentials['privateKeyPem'];
    if (!clientId || !certificateId || !privateKeyPem) {
      throw new ErpError(
        'auth_revoked',
        'netsuite',
        'token',
        'NetSuite connection lacks settings.clientId, settings.certificateId or the certificate private key',
      );
    }
    const tokenUrl = netsuiteTokenUrl(connection);
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: ['restlets', 'rest_webservices'] })
      .setProtectedHeader({ alg: algorithm, kid: certificateId, typ: 'JWT' })
      .setIssuer(clientId)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setExpirationTime(now + 1800)
      .sign(await importPKCS8(privateKeyPem, algorithm));
    // settings.tokenUrl is tenant-set like the base URL: the same egress policy (and no redirects) applies.
    const response = await sendToErp({
      fetchImpl: this.fetchImpl,
      erp: 'netsuite',
      erpName: 'NetSuite',
      operation: 'token',
      url: tokenUrl,
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
      },
      timeoutMs: 15_000,
      changesNothing: true,
    });
    const body = (await readErpJsonOrEmpty(response, { erp: 'netsuite', operation: 'token' })) as {
      access_token?: string;
      expires_in?: string | number;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token) {
      const errorClass = response.status >= 500 ? 'retryable' : 'auth_revoked';
      throw new ErpError(
        errorClass,
        'netsuite',
        'token',
        `NetSuite refused the token request: ${response.status} ${erpErrorText(body.error, 100) ?? ''} ${erpErrorText(body.error_description) ?? ''}`.trim(),
        {
          status: response.status,
          ...(erpErrorText(body.error, 100) ? { erpCode: erpErrorText(body.error, 100) } : {}),
        },
      );
    }
    return { token: body.access_token, expiresInSeconds: Number(body.expires_in ?? 3600) };
  }
}
