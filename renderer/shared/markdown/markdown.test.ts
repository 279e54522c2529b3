import { describe, expect, it } from 'vitest';
import { markdownTree, type MdNode } from './markdown';

/** Every element of a tree, depth first. */
function elements(nodes: readonly MdNode[]): Exclude<MdNode, string>[] {
  return nodes.flatMap((n) => (typeof n === 'string' ? [] : [n, ...elements(n.children)]));
}
const text = (nodes: readonly MdNode[]): string => nodes.map((n) => (typeof n === 'string' ? n : text(n.children))).join('');

describe("notes' Markdown", () => {
  it('renders headings, emphasis, lists, code and tables as elements', () => {
    const tree = markdownTree(
      '# Scope\n\nTwo **hosts**, *one* user:\n\n- WKS-1\n- SRV-2\n\n`whoami`\n\n```\nGet-Process\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    expect(elements(tree).map((e) => e.tag)).toEqual(
      expect.arrayContaining(['h1', 'p', 'strong', 'em', 'ul', 'li', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td']),
    );
    // A tight list's items hold their text directly, without paragraphs.
    const list = elements(tree).find((e) => e.tag === 'ul')!;
    expect(list.children).toEqual([
      { tag: 'li', children: ['WKS-1'] },
      { tag: 'li', children: ['SRV-2'] },
    ]);
  });

  it('keeps raw HTML as text: a <script>, an <img onerror> and an <a> are never elements', () => {
    const tree = markdownTree('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> and <a href="https://x">y</a>');
    expect(elements(tree).map((e) => e.tag)).toEqual(['p', 'p']);
    expect(text(tree)).toContain('<script>alert(1)</script>');
    expect(text(tree)).toContain('<img src=x onerror=alert(1)>');
  });

  it('makes links only of written http, https and mailto links; javascript:, data: and file: links are their text', () => {
    const tree = markdownTree(
      '[ok](https://attack.mitre.org/techniques/T1003/) [mail](mailto:soc@example.com) [bad](javascript:alert(1)) [worse](JaVaScRiPt:alert(1)) [d](data:text/html,<b>x</b>) [f](file:///etc/passwd) https://evil.example/c2',
    );
    const links = elements(tree).filter((e) => e.tag === 'a');
    expect(links.map((l) => l.href)).toEqual(['https://attack.mitre.org/techniques/T1003/', 'mailto:soc@example.com']);
    // A bare URL is usually an indicator, never made a link.
    expect(text(tree)).toContain('https://evil.example/c2');
    expect(text(tree)).toContain('bad');
    expect(text(tree)).toContain('worse');
  });

  it("keeps as text links markdown-it would allow but the app does not open: the app's own pages, ftp:", () => {
    const tree = markdownTree('[home](app://casebook/index.html) [files](ftp://files.example/x) [rel](../secret)');
    expect(elements(tree).map((e) => e.tag)).toEqual(['p']);
    expect(text(tree)).toBe('home files rel');
  });

  it('draws an image as its alt text, loading nothing', () => {
    const tree = markdownTree('![the beacon](https://evil.example/pixel.gif)');
    expect(elements(tree).map((e) => e.tag)).toEqual(['p']);
    expect(text(tree)).toBe('the beacon');
  });
});
