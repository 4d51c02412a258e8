/**
 * Every relative link of README.md and docs/*.md leads to a file of the repository, and a
 * link's `#anchor` into a Markdown file to one of its headings (GitHub's slugs). The README's
 * reference moved to docs/, one folder down, so `bench/results/x.md` became
 * `../bench/results/x.md` there; a link left as it was would point nowhere. Expected values:
 * the files in the repository, and for the checker itself a hand-written broken link.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces as `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text's headings (headings inside code fences are not headings). */
function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = /^#{1,6} (.*)/.exec(line);
    if (m && !fenced) out.add(slug(m[1]));
  }
  return out;
}

/**
 * The relative links of the Markdown file `file` (a path from the repository root) that lead
 * nowhere: a missing file, or an anchor no heading of the Markdown file it names gives.
 * Links in code fences and absolute URLs (`https:`, `mailto:` …) are not checked.
 */
function brokenLinks(file: string, text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  const broken: string[] = [];
  for (const [, target] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    const [path, anchor] = target.split('#');
    const resolved = path ? normalize(join(dirname(file), path)) : file;
    if (!existsSync(join(ROOT, resolved))) broken.push(`${target} (no file ${resolved})`);
    else if (anchor && resolved.endsWith('.md')) {
      const text = readFileSync(join(ROOT, resolved), 'utf8');
      if (!anchors(text).has(anchor)) broken.push(`${target} (no heading #${anchor})`);
    }
  }
  return broken;
}

const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('documentation links', () => {
  it('finds a broken link and a broken anchor (the check can fail)', () => {
    const text = '[a](bench/results/latest.md) [b](docs/CLI.md#no-such-heading) [c](docs/CLI.md)';
    expect(brokenLinks('docs/STUDIO.md', text)).toEqual([
      'bench/results/latest.md (no file docs/bench/results/latest.md)',
      'docs/CLI.md#no-such-heading (no file docs/docs/CLI.md)',
      'docs/CLI.md (no file docs/docs/CLI.md)',
    ]);
    expect(brokenLinks('README.md', '[b](docs/CLI.md#no-such-heading)')).toEqual([
      'docs/CLI.md#no-such-heading (no heading #no-such-heading)',
    ]);
  });

  it.each(DOCS)('%s: every relative link resolves', (file) => {
    expect(brokenLinks(file, readFileSync(join(ROOT, file), 'utf8'))).toEqual([]);
  });
});
