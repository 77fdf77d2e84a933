/** The parts of a connection that say where its requests, and so its credentials, go. */
export interface ConnectionDestinationSource {
  erpKind: string;
  baseUrl: string;
  settings?: Readonly<Record<string, string>> | null | undefined;
}

/**
 * Per ERP kind, the settings that decide which host receives the connection's credentials or anything derived
 * from them (token requests, signatures, basic auth, CSRF sessions), besides `baseUrl`, which every kind uses:
 * - netsuite: tokenUrl receives the signed JWT assertion; accountId / realm name the account TBA signs for.
 * - netsuite_soap: the WSDL and SOAP endpoint are baseUrl (wsdlUrl, should a connection name the WSDL apart);
 *   accountId goes into every token passport.
 * - dynamics365: environmentUrl receives the bearer token; tokenUrl, or the Entra directory in
 *   tenantDirectoryId, receives the client secret.
 * - csv_sftp: host and port receive the key or password; hostKeyFingerprint decides which server is trusted
 *   to be that host.
 * An unknown kind is treated as having only baseUrl; erpKind itself is part of every destination, because a
 * different kind reads different settings as its destination.
 */
export const DESTINATION_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  netsuite: ['tokenUrl', 'accountId', 'realm'],
  netsuite_soap: ['accountId', 'wsdlUrl'],
  dynamics365: ['environmentUrl', 'tokenUrl', 'tenantDirectoryId'],
  sap_s4: [],
  oracle_fusion: [],
  csv_sftp: ['host', 'port', 'hostKeyFingerprint'],
  webhook: [],
};

/** Field names as the API shows them: erpKind, baseUrl, settings.<name>. */
export function destinationFieldsOf(erpKind: string): string[] {
  return ['erpKind', 'baseUrl', ...(DESTINATION_SETTINGS[erpKind] ?? []).map((setting) => `settings.${setting}`)];
}

function valueOf(connection: ConnectionDestinationSource, field: string): string | null {
  if (field === 'erpKind') return connection.erpKind;
  if (field === 'baseUrl') return connection.baseUrl;
  return connection.settings?.[field.slice('settings.'.length)] ?? null;
}

/** The destination of a connection: each destination field with its value (null when unset), in a fixed order. */
export function connectionDestination(connection: ConnectionDestinationSource): [field: string, value: string | null][] {
  return destinationFieldsOf(connection.erpKind).map((field) => [field, valueOf(connection, field)]);
}

/** One unambiguous string for a destination: what sealed credentials are bound to. */
export function destinationKey(connection: ConnectionDestinationSource): string {
  return JSON.stringify(connectionDestination(connection));
}

/**
 * The destination fields an update changes, compared over the fields of both the old and the new kind (so a
 * kind change cannot slip a new host in through a setting the old kind ignored). Empty when the credentials
 * may be kept; otherwise the update must supply them again.
 */
export function changedDestinationFields(previous: ConnectionDestinationSource, next: ConnectionDestinationSource): string[] {
  const fields = [...new Set([...destinationFieldsOf(previous.erpKind), ...destinationFieldsOf(next.erpKind)])];
  return fields.filter((field) => valueOf(previous, field) !== valueOf(next, field));
}
