// Compiles every TypeScript source of the workspace (libs, services, simulators, scripts) into dist/,
// keeping the folder layout so `node dist/services/<name>/src/main.js` runs each app.
// swc strips types and rewrites `@ferry/<lib>` imports to relative paths; `tsc --noEmit` does type checking.
// It lives here, not in .swcrc, because swc needs an absolute baseUrl and clones live at different paths.
// The ops console (apps/console, Preact + Pico CSS) is bundled by esbuild into dist/apps/console, which
// observability serves at /console: everything the browser loads comes from there, nothing from a CDN.
import { transformFile } from '@swc/core';
import { build as bundle } from 'esbuild';
import { copyFileSync, readFileSync, mkdirSync, writeFileSync, readdirSync, statSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist');
const sourceRoots = ['libs', 'services', 'simulators', 'scripts'];
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

export const swcOptions = {
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
    baseUrl: root,
    paths,
  },
};

function collect(dir, files) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '__fixtures__') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) collect(full, files);
    else if (full.endsWith('.ts') && !full.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(full)) files.push(full);
  }
  return files;
}

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
const files = sourceRoots.flatMap((dir) => {
  try {
    return collect(join(root, dir), []);
  } catch {
    return [];
  }
});
await Promise.all(
  files.map(async (file) => {
    const target = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, { ...swcOptions, filename: file, sourceFileName: relative(dirname(target), file) });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }),
);
const consoleDir = join(outDir, 'apps', 'console');
await bundle({
  entryPoints: { app: join(root, 'apps', 'console', 'src', 'main.tsx') },
  outdir: consoleDir,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  tsconfig: join(root, 'apps', 'console', 'tsconfig.json'),
});
copyFileSync(join(root, 'apps', 'console', 'src', 'index.html'), join(consoleDir, 'index.html'));
console.log(`build: compiled ${files.length} files into dist/ and bundled the ops console in ${Date.now() - started} ms`);
