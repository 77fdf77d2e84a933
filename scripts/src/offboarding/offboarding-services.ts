import { ERP_KINDS, deliveryServiceName } from '@ferry/contracts';

/**
 * Each service's HTTP port when run locally (`npm start`; libs/testing DEFAULT_PORTS, checked by a spec): the
 * offboarding CLI reaches a service at http://127.0.0.1:<port + --port-offset> unless --url <service>=<url> says.
 */
export const LOCAL_PORTS: Readonly<Record<string, number>> = {
  ingestion: 3001,
  'delivery-netsuite': 3003,
  reconciliation: 3004,
  observability: 3005,
  'control-plane': 3006,
  'delivery-webhook': 3007,
  'delivery-dynamics365': 3008,
  'delivery-oracle-fusion': 3009,
  'delivery-sap-s4': 3010,
  'delivery-csv-sftp': 3011,
  'delivery-netsuite-soap': 3012,
  'inbound-sync': 3013,
};

/**
 * The services that hold tenant rows in a database of their own, other than the control plane (which is erased
 * last, with the tombstones): each serves GET /v1/tenants/{tenantId}/export and POST /v1/tenants/{tenantId}/erasure.
 */
export const DATA_SERVICES: readonly string[] = [
  'ingestion',
  'observability',
  'reconciliation',
  'inbound-sync',
  ...ERP_KINDS.map((kind) => deliveryServiceName(kind)),
];

/** Every service's base URL: --url overrides, else CONTROL_PLANE_URL for the control plane, else the local port. */
export function serviceUrls(options: {
  overrides: readonly string[];
  portOffset: number;
  controlPlaneUrl?: string | undefined;
}): { urls: Record<string, string> } | { problems: string[] } {
  const problems: string[] = [];
  const urls: Record<string, string> = {};
  for (const service of ['control-plane', ...DATA_SERVICES]) {
    const port = LOCAL_PORTS[service];
    if (port === undefined) problems.push(`${service}: no local port known; give --url ${service}=<url>`);
    else urls[service] = `http://127.0.0.1:${port + options.portOffset}`;
  }
  if (options.controlPlaneUrl) urls['control-plane'] = options.controlPlaneUrl;
  for (const override of options.overrides) {
    const [service = '', ...rest] = override.split('=');
    const url = rest.join('=');
    if (!(service in urls) && !DATA_SERVICES.includes(service) && service !== 'control-plane')
      problems.push(`--url ${override}: no service ${service}`);
    else if (!/^https?:\/\/\S+$/.test(url)) problems.push(`--url ${override}: not an http(s) URL`);
    else urls[service] = url.replace(/\/+$/, '');
  }
  return problems.length > 0 ? { problems } : { urls };
}
