import { createElement, useMemo, type ReactNode } from 'react';
import { markdownTree, type MdNode } from './markdown';

function render(nodes: readonly MdNode[], key = ''): ReactNode[] {
  return nodes.map((node, i) => {
    if (typeof node === 'string') return node;
    const k = `${key}${i}`;
    if (node.tag === 'a') {
      // Opened by the system, outside the app (the shell hands http, https and mailto window-opens to it and refuses all else).
      return (
        <a key={k} href={node.href} target="_blank" rel="noopener noreferrer" title={node.href}>
          {render(node.children, `${k}.`)}
        </a>
      );
    }
    if (node.tag === 'hr' || node.tag === 'br') return createElement(node.tag, { key: k });
    return createElement(node.tag, { key: k }, ...render(node.children, `${k}.`));
  });
}

/** A note's Markdown as React elements (markdown.ts: no raw HTML, only safe links, no images). */
export function Markdown({ text, className }: { text: string; className?: string }) {
  const tree = useMemo(() => markdownTree(text), [text]);
  return <div className={['markdown', className ?? ''].filter(Boolean).join(' ')}>{render(tree)}</div>;
}
