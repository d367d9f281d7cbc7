/**
 * Every link of README.md and docs/*.md to a local file, folder or heading resolves: the
 * file exists, and an anchor names a heading of the linked page (GitHub's heading ids,
 * as github-slugger computes them). Links to other sites are not fetched.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import GithubSlugger from 'github-slugger';
import { marked, type Token } from 'marked';
import { packageRoot } from '../src/paths.js';

const REPO = packageRoot();

/** The text a reader sees in some inline tokens (what GitHub builds heading ids from). */
function plainText(tokens: readonly Token[]): string {
  return tokens
    .map((t) => ('tokens' in t && Array.isArray(t.tokens) ? plainText(t.tokens as Token[]) : 'text' in t && typeof t.text === 'string' ? t.text : ''))
    .join('');
}

/** The heading ids of a markdown page, in GitHub's form (duplicates get -1, -2, ...). */
function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const ids = new Set<string>();
  marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type === 'heading') ids.add(slugger.slug(plainText(t.tokens ?? [])));
  });
  return ids;
}

/** Every link and image target of a markdown page (code blocks and code spans excluded). */
function targetsOf(markdown: string): string[] {
  const hrefs: string[] = [];
  marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type === 'link' || t.type === 'image') hrefs.push(t.href);
  });
  return hrefs;
}

/** The local links of `file` that do not resolve, each with the reason. */
export function brokenLinks(file: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const href of targetsOf(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue; // https:, mailto:: another site, not checked
    const [path = '', anchor] = href.split('#', 2);
    const target = path === '' ? file : join(dirname(file), decodeURIComponent(path));
    const text = path === '' ? markdown : read(target);
    if (text === undefined) {
      broken.push(`${href}: no such file`);
      continue;
    }
    if (anchor !== undefined && anchor !== '') {
      if (!target.endsWith('.md')) broken.push(`${href}: an anchor into a file that is not markdown`);
      else if (!anchorsOf(text).has(decodeURIComponent(anchor))) broken.push(`${href}: no heading with that id in ${relative(REPO, target)}`);
    }
  }
  return broken;
}

/** A file's text, '' for a folder, undefined when nothing is there. */
function readLocal(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // a folder (examples/smart-app/): it exists
  }
}

const pages = ['README.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('links in README.md and docs/', () => {
  for (const page of pages) {
    it(`${page}: every local link and anchor resolves`, () => {
      const file = join(REPO, page);
      assert.deepEqual(brokenLinks(file, readFileSync(file, 'utf8'), readLocal), []);
    });
  }

  it('the README links to every docs/ page', () => {
    const linked = new Set(targetsOf(readFileSync(join(REPO, 'README.md'), 'utf8')).map((h) => h.split('#')[0]));
    for (const page of pages.filter((p) => p !== 'README.md')) assert.ok(linked.has(page), `README.md links to ${page}`);
  });

  it('reports a missing file, a missing heading and a heading id built from code', () => {
    const docs: Record<string, string> = { '/r/docs/a.md': '# Backend services (`client_credentials`)\n\n## Same\n\n## Same\n' };
    const page = [
      '[ok](docs/a.md#backend-services-client_credentials) [dup](docs/a.md#same-1) [self](#top)',
      '[gone](docs/b.md) [wrong](docs/a.md#nope) [site](https://example.test/#x)',
      '`[code](nowhere.md)`',
      '# Top',
    ].join('\n\n');
    assert.deepEqual(brokenLinks('/r/README.md', page, (p) => docs[p]), ['docs/b.md: no such file', `docs/a.md#nope: no heading with that id in ${relative(REPO, '/r/docs/a.md')}`]);
  });
});
