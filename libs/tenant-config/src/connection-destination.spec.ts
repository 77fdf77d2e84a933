import { changedDestinationFields, destinationFieldsOf, type ConnectionDestinationSource } from './connection-destination';

const dynamics: ConnectionDestinationSource = {
  erpKind: 'dynamics365',
  baseUrl: 'https://acme.crm4.dynamics.com',
  settings: { clientId: 'c1', tenantDirectoryId: 'dir-1', environmentUrl: 'https://acme.crm4.dynamics.com' },
};
const netsuite: ConnectionDestinationSource = {
  erpKind: 'netsuite',
  baseUrl: 'https://1234.suitetalk.api.netsuite.com',
  settings: { accountId: '1234', clientId: 'c', certificateId: 'k' },
};
const sftp: ConnectionDestinationSource = {
  erpKind: 'csv_sftp',
  baseUrl: 'sftp://files.partner.example',
  settings: { host: 'files.partner.example', port: '22', username: 'acme', hostKeyFingerprint: 'SHA256:abc' },
};
const soap: ConnectionDestinationSource = {
  erpKind: 'netsuite_soap',
  baseUrl: 'https://1234.suitetalk.api.netsuite.com/services/NetSuitePort_2024_2',
  settings: { accountId: '1234' },
};
const basic = (erpKind: string): ConnectionDestinationSource => ({
  erpKind,
  baseUrl: `https://${erpKind}.example.com`,
  settings: { username: 'u' },
});
const withSettings = (connection: ConnectionDestinationSource, settings: Record<string, string>) => ({
  ...connection,
  settings: { ...connection.settings, ...settings },
});

describe('which connection fields are its destination', () => {
  it.each([
    ['netsuite', ['erpKind', 'baseUrl', 'settings.tokenUrl', 'settings.accountId', 'settings.realm']],
    ['netsuite_soap', ['erpKind', 'baseUrl', 'settings.accountId', 'settings.wsdlUrl']],
    ['dynamics365', ['erpKind', 'baseUrl', 'settings.environmentUrl', 'settings.tokenUrl', 'settings.tenantDirectoryId']],
    ['sap_s4', ['erpKind', 'baseUrl']],
    ['oracle_fusion', ['erpKind', 'baseUrl']],
    ['csv_sftp', ['erpKind', 'baseUrl', 'settings.host', 'settings.port', 'settings.hostKeyFingerprint']],
    ['webhook', ['erpKind', 'baseUrl']],
    ['an unknown kind', ['erpKind', 'baseUrl']],
  ])('%s', (erpKind, fields) => {
    expect(destinationFieldsOf(erpKind)).toEqual(fields);
  });
});

describe('did an update change the destination (then the credentials must be supplied again)', () => {
  it.each<[string, ConnectionDestinationSource, ConnectionDestinationSource, string[]]>([
    ['dynamics: nothing changed', dynamics, dynamics, []],
    ['dynamics: a non-destination setting (clientId)', dynamics, withSettings(dynamics, { clientId: 'c2' }), []],
    ['dynamics: baseUrl', dynamics, { ...dynamics, baseUrl: 'https://evil.example' }, ['baseUrl']],
    ['dynamics: environmentUrl', dynamics, withSettings(dynamics, { environmentUrl: 'https://evil.example' }), ['settings.environmentUrl']],
    ['dynamics: tokenUrl added', dynamics, withSettings(dynamics, { tokenUrl: 'https://evil.example/token' }), ['settings.tokenUrl']],
    [
      'dynamics: tenantDirectoryId',
      dynamics,
      withSettings(dynamics, { tenantDirectoryId: 'attacker-dir' }),
      ['settings.tenantDirectoryId'],
    ],
    ['netsuite: tokenUrl', netsuite, withSettings(netsuite, { tokenUrl: 'https://evil.example/token' }), ['settings.tokenUrl']],
    ['netsuite: accountId', netsuite, withSettings(netsuite, { accountId: '9999' }), ['settings.accountId']],
    ['netsuite: realm', netsuite, withSettings(netsuite, { realm: '9999' }), ['settings.realm']],
    ['netsuite: certificateId only', netsuite, withSettings(netsuite, { certificateId: 'k2' }), []],
    ['netsuite_soap: endpoint (WSDL location)', soap, { ...soap, baseUrl: 'https://evil.example/soap' }, ['baseUrl']],
    ['netsuite_soap: accountId', soap, withSettings(soap, { accountId: '1' }), ['settings.accountId']],
    ['sap_s4: baseUrl', basic('sap_s4'), { ...basic('sap_s4'), baseUrl: 'https://evil.example' }, ['baseUrl']],
    ['sap_s4: username only', basic('sap_s4'), withSettings(basic('sap_s4'), { username: 'v' }), []],
    ['oracle_fusion: baseUrl', basic('oracle_fusion'), { ...basic('oracle_fusion'), baseUrl: 'https://evil.example' }, ['baseUrl']],
    ['webhook: baseUrl', basic('webhook'), { ...basic('webhook'), baseUrl: 'https://evil.example' }, ['baseUrl']],
    ['csv_sftp: host', sftp, withSettings(sftp, { host: 'evil.example' }), ['settings.host']],
    ['csv_sftp: port', sftp, withSettings(sftp, { port: '2222' }), ['settings.port']],
    ['csv_sftp: pinned host key', sftp, withSettings(sftp, { hostKeyFingerprint: 'SHA256:other' }), ['settings.hostKeyFingerprint']],
    ['csv_sftp: host and port', sftp, withSettings(sftp, { host: 'evil.example', port: '2222' }), ['settings.host', 'settings.port']],
    ['csv_sftp: inbound directory only', sftp, withSettings(sftp, { inboundDirectory: '/in2' }), []],
    [
      'a kind change that keeps baseUrl but adds a setting the new kind reads as its host',
      { ...basic('sap_s4'), baseUrl: dynamics.baseUrl },
      withSettings({ ...dynamics }, {}),
      ['erpKind', 'settings.environmentUrl', 'settings.tenantDirectoryId'],
    ],
  ])('%s', (_case, previous, next, changed) => {
    expect(changedDestinationFields(previous, next)).toEqual(changed);
  });
});
