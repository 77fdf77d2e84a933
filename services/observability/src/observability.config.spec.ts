import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@ferry/config';
import { ConsoleAssets } from './console/console-assets';
import { loadObservabilityConfig } from './observability.config';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadObservabilityConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
};

describe('observability configuration: the ops console', () => {
  it('reaches no other service unless told, and looks for the console where the build puts it', () => {
    const config = loadObservabilityConfig({});
    expect([...config.console.upstreams]).toEqual([]);
    expect(config.console.assetsDir).toMatch(/apps\/console$/);
  });

  it('reads the upstreams and the assets folder the environment gives', () => {
    const config = loadObservabilityConfig({
      CONSOLE_UPSTREAMS: 'control-plane=http://cp:3006,delivery-netsuite=http://dn:3003',
      CONSOLE_ASSETS_DIR: '/srv/console',
    });
    expect(Object.fromEntries(config.console.upstreams)).toEqual({
      'control-plane': 'http://cp:3006',
      'delivery-netsuite': 'http://dn:3003',
    });
    expect(config.console.assetsDir).toBe('/srv/console');
  });

  it('reports every bad upstream at once, by variable', () => {
    expect(problemsOf({ CONSOLE_UPSTREAMS: 'control-plane,x=ftp://y' })).toEqual([
      'CONSOLE_UPSTREAMS: "control-plane" is not <service-name>=<http(s) URL> (got "control-plane,x=ftp://y")',
      'CONSOLE_UPSTREAMS: x: only http and https URLs (got "control-plane,x=ftp://y")',
    ]);
  });
});

describe('ConsoleAssets', () => {
  it('serves only the files found at start-up, with their content types', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    writeFileSync(join(dir, 'app.js'), 'x');
    writeFileSync(join(dir, 'LICENSE.txt'), 'not served');
    const assets = new ConsoleAssets(dir);
    expect(assets.built).toBe(true);
    expect(assets.get('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.get('LICENSE.txt')).toBeUndefined();
    expect(assets.get('../package.json')).toBeUndefined();
  });

  it('knows when the console was not built', () => {
    expect(new ConsoleAssets(join(tmpdir(), 'no-such-console')).built).toBe(false);
  });
});
