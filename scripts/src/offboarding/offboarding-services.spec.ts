import { DEFAULT_PORTS } from '@ferry/testing';
import { SERVICE_DATABASES } from '../service-databases';
import { DATA_SERVICES, LOCAL_PORTS, serviceUrls } from './offboarding-services';

describe('offboarding services', () => {
  it('reaches every service with a database of its own: the control plane and every data service', () => {
    expect(['control-plane', ...DATA_SERVICES].sort()).toEqual(SERVICE_DATABASES.map((database) => database.service).sort());
  });

  it("knows each of them at npm start's port", () => {
    for (const service of ['control-plane', ...DATA_SERVICES])
      expect({ service, port: LOCAL_PORTS[service] }).toEqual({ service, port: DEFAULT_PORTS[service as keyof typeof DEFAULT_PORTS] });
  });
});

describe('serviceUrls', () => {
  it.each<[string, Parameters<typeof serviceUrls>[0], Record<string, string> | string[]]>([
    ['local ports', { overrides: [], portOffset: 0 }, { 'control-plane': 'http://127.0.0.1:3006', ingestion: 'http://127.0.0.1:3001' }],
    [
      'shifted ports (e2e)',
      { overrides: [], portOffset: 100 },
      { 'control-plane': 'http://127.0.0.1:3106', ingestion: 'http://127.0.0.1:3101' },
    ],
    [
      'CONTROL_PLANE_URL',
      { overrides: [], portOffset: 0, controlPlaneUrl: 'https://cp.example' },
      { 'control-plane': 'https://cp.example' },
    ],
    ['an override', { overrides: ['ingestion=https://in.example/'], portOffset: 0 }, { ingestion: 'https://in.example' }],
    ['an unknown service', { overrides: ['nope=https://x.example'], portOffset: 0 }, ['--url nope=https://x.example: no service nope']],
    ['not a URL', { overrides: ['ingestion=ftp://x'], portOffset: 0 }, ['--url ingestion=ftp://x: not an http(s) URL']],
  ])('%s', (_case, options, expected) => {
    const result = serviceUrls(options);
    if (Array.isArray(expected)) expect(result).toEqual({ problems: expected });
    else expect('urls' in result && result.urls).toMatchObject(expected);
  });
});
