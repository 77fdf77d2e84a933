/**
 * Where each ERP vendor's cloud answers, per ERP kind: a tenant's URL for that kind must be one of these hosts
 * unless the operator allow-list names it (on-premise SAP, a proxy) or the local-development switch is on.
 * Kinds that reach a customer's own server (webhook, csv_sftp) have no list: any public host.
 */
export const VENDOR_HOSTS: Readonly<Record<string, { vendor: string; hosts: readonly string[] }>> = {
  netsuite: { vendor: 'NetSuite', hosts: ['*.suitetalk.api.netsuite.com', '*.netsuite.com'] },
  netsuite_soap: { vendor: 'NetSuite', hosts: ['*.suitetalk.api.netsuite.com', '*.netsuite.com'] },
  dynamics365: { vendor: 'Microsoft Dynamics 365', hosts: ['*.dynamics.com', 'login.microsoftonline.com'] },
  sap_s4: { vendor: 'SAP S/4HANA Cloud', hosts: ['*.s4hana.ondemand.com', '*.ondemand.com'] },
  oracle_fusion: { vendor: 'Oracle Fusion', hosts: ['*.oraclecloud.com'] },
};
