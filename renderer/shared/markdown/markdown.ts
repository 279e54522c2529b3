import MarkdownIt from 'markdown-it';
import { isExternalLink } from '../../../shared/security/external-links';

/**
 * Notes' Markdown, made safe by construction: markdown-it parses the text
 * (raw HTML off, so `<script>` stays text), and its tokens become a tree of
 * a few known elements, never an HTML string (the page's CSP allows no
 * innerHTML anyway). A link is kept only when it is http, https or mailto;
 * any other (javascript:, file:, data:) is its text. Images are their alt
 * text: a note never loads anything.
 */

export type MdNode = string | { tag: MdTag; href?: string; children: MdNode[] };

const TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'strong',
  'em',
  's',
  'a',
  'code',
  'pre',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
] as const;
export type MdTag = (typeof TAGS)[number];
const isTag = (tag: string): tag is MdTag => (TAGS as readonly string[]).includes(tag);

// No linkify: a bare URL in a note is usually an indicator (a phishing or C2 address), and must not become a link to click.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

type Token = ReturnType<typeof md.parse>[number];

/** The tree of a note's text. */
export function markdownTree(text: string): MdNode[] {
  return build(md.parse(text, {}));
}

function build(tokens: readonly Token[]): MdNode[] {
  const root: MdNode[] = [];
  const stack: MdNode[][] = [root];
  const top = () => stack[stack.length - 1]!;
  for (const token of tokens) {
    if (token.nesting === 1) {
      const href = token.tag === 'a' ? String(token.attrGet('href') ?? '') : '';
      // A link that is not http, https or mailto is only its text; a tight list's hidden paragraph and an unknown element likewise add nothing.
      if (token.hidden || !isTag(token.tag) || (token.tag === 'a' && !isExternalLink(href))) {
        stack.push(top());
        continue;
      }
      const children: MdNode[] = [];
      top().push(token.tag === 'a' ? { tag: 'a', href, children } : { tag: token.tag, children });
      stack.push(children);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else leaf(token, top());
  }
  return root;
}

function leaf(token: Token, out: MdNode[]): void {
  switch (token.type) {
    case 'inline':
      out.push(...build(token.children ?? []));
      return;
    case 'text':
    case 'html_inline':
    case 'html_block':
      out.push(token.content);
      return;
    case 'code_inline':
      out.push({ tag: 'code', children: [token.content] });
      return;
    case 'code_block':
    case 'fence':
      out.push({ tag: 'pre', children: [{ tag: 'code', children: [token.content.replace(/\n$/, '')] }] });
      return;
    case 'softbreak':
      out.push('\n');
      return;
    case 'hardbreak':
      out.push({ tag: 'br', children: [] });
      return;
    case 'hr':
      out.push({ tag: 'hr', children: [] });
      return;
    case 'image':
      out.push(token.content || String(token.attrGet('alt') ?? ''));
      return;
    default:
      if (token.content) out.push(token.content);
  }
}
