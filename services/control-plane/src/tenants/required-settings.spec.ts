import { SchemaCatalog } from '@ferry/contracts';
import { configurationProblems } from './effective-configuration';
import type { TenantSpec } from './tenant-spec';

/** A tenant of `template` with one connection, as the control plane would save it. */
const tenant = (template: string, connection: { erpKind: string; authKind: string; settings: Record<string, string> }): TenantSpec => ({
  tenantId: 'acme',
  displayName: 'Acme',
  active: true,
  template: { name: template, version: 1 },
  connections: [{ connectionId: 'erp', baseUrl: 'http://erp', sealedCredentials: 'sealed', credentialFields: [], ...connection }],
  mappingOverrides: {},
  rules: [],
  policies: null,
});

const missingSettings = (spec: TenantSpec) =>
  configurationProblems(spec, SchemaCatalog.load().canonicalEvents())
    .filter((problem) => problem.code === 'MISSING_SETTING')
    .map((problem) => problem.message);

describe("a connection is refused when it lacks its template's required settings", () => {
  it.each([
    ['SAP without any setting', 'sap-s4', { erpKind: 'sap_s4', authKind: 'basic', settings: {} }, ['"communicationUser"']],
    [
      'SAP with a blank user',
      'sap-s4',
      { erpKind: 'sap_s4', authKind: 'basic', settings: { communicationUser: ' ' } },
      ['"communicationUser"'],
    ],
    ['SAP with its user', 'sap-s4', { erpKind: 'sap_s4', authKind: 'basic', settings: { communicationUser: 'FERRY' } }, []],
    [
      'NetSuite OAuth 2.0 without its certificate id',
      'netsuite',
      { erpKind: 'netsuite', authKind: 'oauth2_client_credentials_jwt', settings: { clientId: 'c' } },
      ['"certificateId"'],
    ],
    ['NetSuite TBA (another auth kind, other settings)', 'netsuite', { erpKind: 'netsuite', authKind: 'oauth1_tba', settings: {} }, []],
    [
      'Dynamics without client and directory',
      'dynamics365',
      { erpKind: 'dynamics365', authKind: 'oauth2_client_credentials_secret', settings: {} },
      ['"clientId", "tenantDirectoryId"'],
    ],
    ['Oracle without a user', 'oracle-fusion', { erpKind: 'oracle_fusion', authKind: 'basic', settings: {} }, ['"username"']],
    ['a webhook (nothing required)', 'webhook', { erpKind: 'webhook', authKind: 'hmac_sha256', settings: {} }, []],
    [
      'an SAP connection of a NetSuite tenant (held to the SAP template)',
      'netsuite',
      { erpKind: 'sap_s4', authKind: 'basic', settings: {} },
      ['"communicationUser"'],
    ],
    ['a SOAP connection (no template of its own)', 'netsuite', { erpKind: 'netsuite_soap', authKind: 'token_passport', settings: {} }, []],
  ])('%s', (_case, template, connection, missing) => {
    const messages = missingSettings(tenant(template, connection));
    expect(messages).toHaveLength(missing.length);
    missing.forEach((names, index) => expect(messages[index]).toContain(`missing ${names},`));
  });

  it('names the connection and every missing setting in one message', () => {
    expect(missingSettings(tenant('sap-s4', { erpKind: 'sap_s4', authKind: 'basic', settings: {} }))).toEqual([
      'connections.erp.settings: missing "communicationUser", required by template sap-s4 for basic connections',
    ]);
  });
});
