import { STRICT_EGRESS, addressRefusal, connectionDestinationProblems, urlRefusal, type EgressSettings } from './egress-policy';

const LOCAL: EgressSettings = { localDevelopment: true, allowList: [] };
const SIMULATOR_PORTS: EgressSettings = { localDevelopment: true, allowList: [], localPorts: [4010, 4022] };
const ALLOWING: EgressSettings = { localDevelopment: false, allowList: ['sap-gw.corp.example', '10.20.0.0/16'] };

describe('urlRefusal', () => {
  it.each<[string, string, EgressSettings, string | undefined]>([
    // Vendor hosts over https: allowed.
    ['netsuite', 'https://1234567.suitetalk.api.netsuite.com', STRICT_EGRESS, undefined],
    ['netsuite', 'https://1234567.app.netsuite.com/services/rest', STRICT_EGRESS, undefined],
    ['netsuite_soap', 'https://1234567.suitetalk.api.netsuite.com/services/NetSuitePort_2024_1', STRICT_EGRESS, undefined],
    ['dynamics365', 'https://acme.crm4.dynamics.com', STRICT_EGRESS, undefined],
    ['dynamics365', 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token', STRICT_EGRESS, undefined],
    ['sap_s4', 'https://my123456-api.s4hana.ondemand.com', STRICT_EGRESS, undefined],
    ['oracle_fusion', 'https://acme.fa.us2.oraclecloud.com', STRICT_EGRESS, undefined],
    ['webhook', 'https://hooks.example.com/ferry', STRICT_EGRESS, undefined],
    ['csv_sftp', 'sftp://files.partner.example:2222', STRICT_EGRESS, undefined],
    // https required.
    ['webhook', 'http://hooks.example.com/ferry', STRICT_EGRESS, 'must use https (got http)'],
    ['netsuite', 'ftp://1234.netsuite.com', STRICT_EGRESS, 'must use https (got ftp)'],
    ['netsuite', 'file:///etc/passwd', STRICT_EGRESS, 'must use https (got file)'],
    ['csv_sftp', 'https://files.partner.example', STRICT_EGRESS, 'must use sftp (got https)'],
    ['webhook', 'not a url', STRICT_EGRESS, 'is not a URL'],
    // Vendor host lists.
    ['netsuite', 'https://evil.example', STRICT_EGRESS, 'evil.example is not a NetSuite host'],
    ['netsuite', 'https://netsuite.com.evil.example', STRICT_EGRESS, 'is not a NetSuite host'],
    ['dynamics365', 'https://login.microsoftonline.com.evil.example', STRICT_EGRESS, 'is not a Microsoft Dynamics 365 host'],
    ['sap_s4', 'https://sap.example', STRICT_EGRESS, 'is not a SAP S/4HANA Cloud host'],
    ['oracle_fusion', 'https://oracle.example', STRICT_EGRESS, 'is not a Oracle Fusion host'],
    ['netsuite', 'https://8.8.8.8', STRICT_EGRESS, 'is not a NetSuite host'],
    // Internal addresses, as literals (no DNS lookup happens for them).
    ['webhook', 'https://127.0.0.1:8081/apis', STRICT_EGRESS, 'loopback'],
    ['webhook', 'https://localhost/x', STRICT_EGRESS, 'loopback name'],
    ['webhook', 'https://localhost./x', STRICT_EGRESS, 'loopback name'],
    ['webhook', 'https://api.localhost/x', STRICT_EGRESS, 'loopback name'],
    ['netsuite', 'https://1234.app.netsuite.com./x', STRICT_EGRESS, undefined],
    ['webhook', 'https://2130706433/x', STRICT_EGRESS, 'loopback'],
    ['webhook', 'https://0x7f.1/x', STRICT_EGRESS, 'loopback'],
    ['webhook', 'https://169.254.169.254/latest/meta-data', STRICT_EGRESS, 'link-local'],
    ['webhook', 'https://[::ffff:169.254.169.254]/', STRICT_EGRESS, 'link-local'],
    ['webhook', 'https://[::1]/', STRICT_EGRESS, 'loopback'],
    ['webhook', 'https://10.0.0.5/', STRICT_EGRESS, 'private'],
    ['webhook', 'https://100.100.100.200/', STRICT_EGRESS, 'carrier-grade NAT'],
    ['webhook', 'https://[fd00::1]/', STRICT_EGRESS, 'unique-local'],
    ['webhook', 'https://0.0.0.0/', STRICT_EGRESS, 'unspecified'],
    ['webhook', 'https://0/', STRICT_EGRESS, 'unspecified'],
    ['webhook', 'https://[::]/', STRICT_EGRESS, 'unspecified'],
    ['webhook', 'https://017700000001/', STRICT_EGRESS, 'loopback'],
    ['webhook', 'https://[::ffff:a00:1]/', STRICT_EGRESS, 'private'],
    ['csv_sftp', 'sftp://192.168.1.10:22', STRICT_EGRESS, 'private'],
    // Local development: http and loopback, no vendor lists; still no private or metadata addresses.
    ['netsuite', 'http://127.0.0.1:4010/1234', LOCAL, undefined],
    ['webhook', 'http://localhost:4010/ep', LOCAL, undefined],
    ['sap_s4', 'http://sap.example', LOCAL, undefined],
    ['webhook', 'http://169.254.169.254/latest', LOCAL, 'link-local'],
    ['webhook', 'http://10.0.0.5/', LOCAL, 'private'],
    // Local development narrowed to the simulators' loopback ports: the registry, Kafka and Ferry's own ports are not.
    ['netsuite', 'http://127.0.0.1:4010/1234', SIMULATOR_PORTS, undefined],
    ['webhook', 'http://localhost:4010/ep', SIMULATOR_PORTS, undefined],
    ['csv_sftp', 'sftp://127.0.0.1:4022', SIMULATOR_PORTS, undefined],
    ['webhook', 'http://127.0.0.1:8081/apis/ccompat/v7', SIMULATOR_PORTS, 'loopback only on ports 4010, 4022'],
    ['webhook', 'http://localhost:9092/', SIMULATOR_PORTS, 'loopback only on ports 4010, 4022'],
    ['webhook', 'http://127.0.0.1/', SIMULATOR_PORTS, 'loopback'],
    ['webhook', 'https://hooks.example.com:8081/', SIMULATOR_PORTS, undefined],
    // Operator allow-list: names exceptions, which skip the vendor list too.
    ['sap_s4', 'https://sap-gw.corp.example/sap/opu/odata', ALLOWING, undefined],
    ['sap_s4', 'https://10.20.1.2/sap/opu/odata', ALLOWING, undefined],
    ['sap_s4', 'https://10.21.1.2/sap/opu/odata', ALLOWING, 'private'],
    ['sap_s4', 'http://sap-gw.corp.example/sap/opu/odata', ALLOWING, 'must use https'],
  ])('%s %s → %s', (erpKind, url, settings, expected) => {
    const refusal = urlRefusal(erpKind, url, settings);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });
});

describe('addressRefusal (after DNS resolution)', () => {
  it.each<[string, string, EgressSettings, string | undefined]>([
    ['hooks.example.com', '93.184.215.14', STRICT_EGRESS, undefined],
    ['rebind.example', '127.0.0.1', STRICT_EGRESS, 'rebind.example resolves to 127.0.0.1, a loopback address'],
    ['rebind.example', '::1', STRICT_EGRESS, 'loopback'],
    ['rebind.example', '::ffff:127.0.0.1', STRICT_EGRESS, 'loopback'],
    ['metadata.example', '169.254.169.254', STRICT_EGRESS, 'link-local'],
    ['metadata.example', '169.254.169.254', LOCAL, 'link-local'],
    ['rebind.example', '127.0.0.1', LOCAL, undefined],
    ['rebind.example', '127.0.0.1', SIMULATOR_PORTS, 'loopback only on ports'],
    ['rebind.example', '10.0.0.1', LOCAL, 'private'],
    ['sap-gw.corp.example', '10.99.0.1', ALLOWING, undefined],
    ['other.example', '10.20.0.9', ALLOWING, undefined],
    ['other.example', '10.30.0.9', ALLOWING, 'private'],
  ])('%s → %s %#', (host, address, settings, expected) => {
    const refusal = addressRefusal(host, address, settings);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });
});

describe('addressRefusal with the port (local development narrowed to the simulators)', () => {
  it.each<[number | undefined, string | undefined]>([
    [4010, undefined],
    [4022, undefined],
    [8081, 'loopback only on ports 4010, 4022'],
    [undefined, 'loopback only on ports 4010, 4022'],
  ])('port %s → %s', (port, expected) => {
    const refusal = addressRefusal('localhost', '127.0.0.1', SIMULATOR_PORTS, port);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });
});

describe('connectionDestinationProblems', () => {
  it.each<[string, { erpKind: string; baseUrl: string; settings: Record<string, string> }, string[]]>([
    ['a vendor connection', { erpKind: 'dynamics365', baseUrl: 'https://acme.crm.dynamics.com', settings: {} }, []],
    [
      'a token URL to the metadata service',
      { erpKind: 'dynamics365', baseUrl: 'https://acme.crm.dynamics.com', settings: { tokenUrl: 'https://169.254.169.254/token' } },
      ['settings.tokenUrl'],
    ],
    [
      'an environment URL off the vendor list',
      { erpKind: 'dynamics365', baseUrl: 'https://acme.crm.dynamics.com', settings: { environmentUrl: 'https://evil.example' } },
      ['settings.environmentUrl'],
    ],
    [
      'a NetSuite token URL on loopback',
      { erpKind: 'netsuite', baseUrl: 'https://1.suitetalk.api.netsuite.com', settings: { tokenUrl: 'http://127.0.0.1:8081' } },
      ['settings.tokenUrl'],
    ],
    ['an http webhook', { erpKind: 'webhook', baseUrl: 'http://hooks.example.com', settings: {} }, ['baseUrl']],
    [
      'an SFTP host setting on a private address',
      { erpKind: 'csv_sftp', baseUrl: 'sftp://files.partner.example', settings: { host: '10.1.1.1', port: '22' } },
      ['settings.host'],
    ],
    ['an SFTP base URL on the metadata address', { erpKind: 'csv_sftp', baseUrl: 'sftp://169.254.169.254:22', settings: {} }, ['baseUrl']],
  ])('%s', (_case, connection, fields) => {
    expect(connectionDestinationProblems(connection, STRICT_EGRESS).map((problem) => problem.field)).toEqual(fields);
  });
});
