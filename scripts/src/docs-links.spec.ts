import { existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * Every relative link and #anchor in the repository's Markdown must resolve, so a page moved or a heading renamed
 * cannot silently strand a reader. External links (http:, mailto:, …) are not fetched.
 */

const ROOT = join(__dirname, '..', '..');
/** Build output, dependencies, local state and the stack's Maven downloads hold no docs of ours. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', '.git', '.ferry', 'target', 'coverage']);

interface FileSystem {
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

interface Link {
  target: string;
  line: number;
}

/** The Markdown with fenced code blocks blanked and inline code spans removed, line numbers kept. */
function proseOf(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (fence) {
      if (marker === fence) fence = undefined;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line.replace(/`+[^`]*`+/g, (span) => span.replace(/[[\]()]/g, ' '));
  });
}

/**
 * GitHub's anchor for a heading (the rule github-slugger implements): the text as rendered, lower-cased, every
 * character that is not a letter, mark, number, "_", "-" or space dropped, spaces turned into hyphens.
 */
function slugOf(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Anchors a document offers: one per heading (repeats numbered -1, -2, … as GitHub does) and explicit ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseOf(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
    if (heading !== undefined) {
      const slug = slugOf(heading);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]!);
  }
  return anchors;
}

function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  proseOf(markdown).forEach((line, index) => {
    for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1]!, line: index + 1 });
    const definition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) links.push({ target: definition[1]!, line: index + 1 });
  });
  return links;
}

/** The links of one document (path relative to the repository root) that lead nowhere. */
function brokenLinks(path: string, markdown: string, files: FileSystem): Link[] {
  return linksOf(markdown).filter(({ target }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return false;
    const [rawPath = '', anchor] = target.split('#', 2);
    if (rawPath === '') return !anchorsOf(markdown).has(decodeURIComponent(anchor ?? '').toLowerCase());
    const targetPath = decodeURIComponent(normalize(rawPath.startsWith('/') ? rawPath.slice(1) : join(dirname(path), rawPath)));
    if (targetPath.startsWith('..') || !files.exists(targetPath)) return true;
    if (anchor === undefined || !targetPath.endsWith('.md')) return false;
    return !anchorsOf(files.read(targetPath) ?? '').has(decodeURIComponent(anchor).toLowerCase());
  });
}

function markdownFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    if (SKIPPED_DIRECTORIES.has(entry)) return [];
    const full = join(directory, entry);
    const stats = lstatSync(full);
    // Symbolic links lead out of the repository (e.g. to a shared stack's state); what they point to is not ours.
    if (stats.isSymbolicLink()) return [];
    if (stats.isDirectory()) return markdownFiles(full);
    return entry.endsWith('.md') ? [relative(ROOT, full)] : [];
  });
}

const repository: FileSystem = {
  exists: (path) => existsSync(join(ROOT, path)),
  read: (path) =>
    existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile() ? readFileSync(join(ROOT, path), 'utf8') : undefined,
};

function memory(files: Record<string, string>): FileSystem {
  const directories = new Set(
    Object.keys(files).flatMap((file) =>
      file
        .split('/')
        .slice(0, -1)
        .map((_, i, parts) => parts.slice(0, i + 1).join('/')),
    ),
  );
  return { exists: (path) => path in files || directories.has(path), read: (path) => files[path] };
}

describe('Markdown links', () => {
  it.each([
    ['Plain words', 'plain-words'],
    ['7. Rate limits, bulkheads and fairness', '7-rate-limits-bulkheads-and-fairness'],
    ['Dynamics 365 / Dataverse (4030)', 'dynamics-365--dataverse-4030'],
    ['`npm start`', 'npm-start'],
    ['SyncStatus: the words it uses', 'syncstatus-the-words-it-uses'],
    ['Recipe 3: add an ERP', 'recipe-3-add-an-erp'],
    ['A [linked](https://example.com) heading', 'a-linked-heading'],
    ['Über die Brücke — zurück', 'über-die-brücke--zurück'],
    ['snake_case stays', 'snake_case-stays'],
  ])('heading %p has the anchor %p', (heading, anchor) => {
    expect([...anchorsOf(`# ${heading}\n`)]).toEqual([anchor]);
  });

  it('numbers a repeated heading as GitHub does', () => {
    expect([...anchorsOf('## Notes\n## Notes\n## Notes\n')]).toEqual(['notes', 'notes-1', 'notes-2']);
  });

  const site = memory({
    'README.md': '# Ferry\n## The two commands\n',
    'docs/guide.md': '# Guide\n## Running it\n<a id="legacy-anchor"></a>\n',
    'docs/picture.png': '',
  });

  it.each<[string, string, string[]]>([
    ['a file beside it', '[g](guide.md)', []],
    ['a file one folder up', '[r](../README.md)', []],
    ['a root-relative path', '[r](/README.md)', []],
    ['a folder', '[d](../docs)', []],
    ['an image', '![p](picture.png)', []],
    ['a heading in another file', '[r](../README.md#the-two-commands)', []],
    ['a heading in the same file', '# Here\n[h](#here)', []],
    ['an explicit anchor', '[l](guide.md#legacy-anchor)', []],
    ['a reference definition', '[g]: guide.md', []],
    ['external links and e-mail', '[e](https://example.com/none.md) [m](mailto:a@example.com)', []],
    ['links inside code', '```\n[x](gone.md)\n```\n`[y](gone.md)`', []],
    ['a missing file', '[x](missing.md)', ['missing.md']],
    ['a missing heading in another file', '[x](../README.md#the-three-commands)', ['../README.md#the-three-commands']],
    ['a missing heading in the same file', '# Here\n[x](#there)', ['#there']],
    ['a path out of the repository', '[x](../../outside.md)', ['../../outside.md']],
    ['a missing reference definition target', '[x]: gone.md', ['gone.md']],
  ])('%s', (_case, markdown, broken) => {
    expect(brokenLinks('docs/page.md', markdown, site).map((link) => link.target)).toEqual(broken);
  });

  it("every relative link and anchor in the repository's Markdown resolves", () => {
    const files = markdownFiles(ROOT);
    expect(files).toContain('README.md');
    const broken = files.flatMap((file) =>
      brokenLinks(file, repository.read(file) ?? '', repository).map(({ target, line }) => `${file}:${line} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
