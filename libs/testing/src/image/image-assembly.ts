import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RuntimeStage } from './runtime-stage';

export interface AssembledImage {
  /** The folder standing in for the image's WORKDIR. */
  root: string;
  /** Makes it writable again and deletes it. */
  remove(): void;
}

/**
 * The packages `npm prune --omit=dev` keeps at the top of node_modules: every top-level entry of the lockfile
 * not marked dev (installed here; optional ones for other platforms are not).
 */
export function productionPackages(lockfile: { packages?: Record<string, { dev?: boolean }> }): string[] {
  return Object.entries(lockfile.packages ?? {})
    .filter(([path, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !entry.dev)
    .map(([path]) => path.slice('node_modules/'.length));
}

/** node_modules as the image has it: links to the production packages only, so importing a dev dependency fails. */
function linkProductionModules(repositoryRoot: string, target: string): void {
  const installed = realpathSync(join(repositoryRoot, 'node_modules'));
  const lockfile = JSON.parse(readFileSync(join(repositoryRoot, 'package-lock.json'), 'utf8')) as Parameters<typeof productionPackages>[0];
  for (const name of productionPackages(lockfile)) {
    if (!existsSync(join(installed, name))) continue;
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(join(installed, name), join(target, name), 'dir');
  }
}

function walk(path: string, visit: (path: string, directory: boolean) => void): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry), visit);
  visit(path, stat.isDirectory());
}

/**
 * Puts exactly what the runtime stage copies into a temporary folder, taken from the repository (after
 * `node scripts/build.mjs`, as the build stage does), and makes it read-only as the image's files are to its
 * non-root user on a read-only root filesystem. A file the stage copies but the repository lacks is an error
 * naming it. node_modules is the one exception to copying: production packages are linked (see above).
 */
export function assembleImage(repositoryRoot: string, stage: RuntimeStage): AssembledImage {
  const root = mkdtempSync(join(tmpdir(), 'ferry-image-'));
  const remove = () => {
    walk(root, (path, directory) => chmodSync(path, directory ? 0o755 : 0o644));
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const copy of stage.copies) {
      const source = join(repositoryRoot, copy.repositoryPath);
      const destination = join(root, copy.imagePath);
      if (copy.repositoryPath === 'node_modules') {
        linkProductionModules(repositoryRoot, destination);
        continue;
      }
      if (!existsSync(source))
        throw new Error(`the image would miss ${copy.repositoryPath}: the runtime stage copies it but it does not exist (built?)`);
      mkdirSync(dirname(destination), { recursive: true });
      cpSync(source, destination, { recursive: true });
    }
    walk(root, (path, directory) => chmodSync(path, directory ? 0o555 : 0o444));
  } catch (error) {
    remove();
    throw error;
  }
  return { root, remove };
}
