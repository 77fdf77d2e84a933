import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repositoryRoot } from '../ferry-processes';
import { productionPackages } from './image-assembly';
import { parseRuntimeStage } from './runtime-stage';

const TWO_STAGES = `
ARG BASE=node:20@sha256:abc
FROM \${BASE} AS build
WORKDIR /app
COPY package.json ./
RUN npm ci \\
  --no-audit
COPY . .
FROM \${BASE}
ENV A=1 B=/tmp
WORKDIR /srv
# a comment
COPY --from=build /app/dist ./dist
COPY --from=build --chown=1:1 /app/services/x/doc.json ./services/x/doc.json
COPY deploy/demo /srv/demo
USER 1000:1000
CMD ["node", "main.js"]
`;

describe('the runtime stage of a Dockerfile', () => {
  it('traces every copy back to the repository, and reads base, user, env and command', () => {
    expect(parseRuntimeStage(TWO_STAGES)).toEqual({
      baseImage: 'node:20@sha256:abc',
      workdir: '/srv',
      user: '1000:1000',
      env: { A: '1', B: '/tmp' },
      copies: [
        { fromStage: 'build', repositoryPath: 'dist', imagePath: 'dist' },
        { fromStage: 'build', repositoryPath: 'services/x/doc.json', imagePath: 'services/x/doc.json' },
        { fromStage: undefined, repositoryPath: 'deploy/demo', imagePath: 'demo' },
      ],
      cmd: ['node', 'main.js'],
      stopSignal: undefined,
      buildRuns: ['npm ci --no-audit'],
    });
  });

  it.each([
    ['ADD', 'FROM a\nADD x.tgz ./', /ADD is not traced/],
    ['a wildcard', 'FROM a\nCOPY *.json ./', /wildcard/],
    ['a stage that never copied the context', 'FROM a AS b\nRUN true\nFROM a\nCOPY --from=b /x ./x', /does not copy the build context/],
    ['a path outside the stage WORKDIR', 'FROM a AS b\nWORKDIR /app\nCOPY . .\nFROM a\nCOPY --from=b /etc/passwd ./p', /outside/],
  ])('refuses to guess: %s', (_case, dockerfile, error) => {
    expect(() => parseRuntimeStage(dockerfile)).toThrow(error);
  });

  it('keeps the production packages of a lockfile, top level only', () => {
    expect(
      productionPackages({
        packages: {
          '': {},
          'node_modules/pg': {},
          'node_modules/@nestjs/core': {},
          'node_modules/jest': { dev: true },
          'node_modules/pg/node_modules/pg-types': {},
        },
      }),
    ).toEqual(['pg', '@nestjs/core']);
  });
});

describe("Ferry's image (deploy/docker/Dockerfile)", () => {
  const root = repositoryRoot();
  const image = parseRuntimeStage(readFileSync(join(root, 'deploy', 'docker', 'Dockerfile'), 'utf8'));

  it('starts from a Node LTS base pinned by digest, installed from the lockfile', () => {
    expect(image.baseImage).toMatch(/^node:\d+-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(image.buildRuns.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    expect(image.buildRuns.some((run) => /\bnpm (install|i)\b/.test(run))).toBe(false);
  });

  it('runs as a numeric non-root user, writing only to /tmp, with node as PID 1 for SIGTERM', () => {
    expect(image.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(image.env).toMatchObject({ TMPDIR: '/tmp', HOME: '/tmp', NODE_ENV: 'production' });
    const command = image.cmd.join(' ');
    expect(command).toMatch(/exec node --disable-proto=throw dist\/services\/\$SERVICE\/src\/main\.js/);
    // Every branch replaces the shell with node (exec), so the container's SIGTERM reaches node's handlers.
    expect(command.match(/\S+ node /g)?.every((start) => start === 'exec node ')).toBe(true);
  });

  it('copies what the services read at run time, every OpenAPI document redocly.yaml lints among them', () => {
    const apis = (parseYaml(readFileSync(join(root, 'redocly.yaml'), 'utf8')) as { apis: Record<string, { root: string }> }).apis;
    const documents = Object.values(apis).map((api) => api.root);
    expect(documents.length).toBeGreaterThanOrEqual(7);
    expect(image.copies.map((copy) => copy.imagePath)).toEqual(expect.arrayContaining(['node_modules', 'dist', 'schemas', ...documents]));
  });

  it('keeps the host’s installed and built trees and local credentials out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.ferry', '.git']));
  });
});
