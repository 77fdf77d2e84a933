import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { ErpError, type ErpConnectionContext } from '@ferry/erp-core';

/**
 * NetSuite token-based authentication: OAuth 1.0a with HMAC-SHA256, realm = account id, one signature per
 * request (method + URL + query). Built on the oauth-1.0a library rather than our own signer.
 */
export function tbaAuthorization(connection: ErpConnectionContext, method: string, url: string): string {
  const { consumerKey, tokenId } = connection.settings;
  const realm = connection.settings['realm'] ?? connection.settings['accountId'];
  const consumerSecret = connection.credentials['consumerSecret'];
  const tokenSecret = connection.credentials['tokenSecret'];
  if (!consumerKey || !tokenId || !realm || !consumerSecret || !tokenSecret) {
    throw new ErpError(
      'auth_revoked',
      'netsuite',
      'auth',
      'NetSuite TBA needs settings consumerKey, tokenId and realm (or accountId) and credentials consumerSecret and tokenSecret',
    );
  }
  const oauth = new OAuth({
    consumer: { key: consumerKey, secret: consumerSecret },
    realm,
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  return oauth.toHeader(oauth.authorize({ url, method }, { key: tokenId, secret: tokenSecret })).Authorization;
}
