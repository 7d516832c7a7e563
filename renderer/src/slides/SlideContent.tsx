import { createElement, type CSSProperties, type ReactNode } from 'react';
import type { SlideNode } from '../../../electron/core/contract/slides';
import { slideComponents } from './components';

/** The HTML MDX produces for Markdown (plus a few for layout); anything else in a deck is shown as plain text. */
const INTRINSIC = new Set([
  'h1', 'h2', 'h3', 'h4', 'p', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre', 'a', 'blockquote', 'hr', 'br',
  'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img', 'span', 'div', 'section', 'sup', 'sub', 'input',
]);
const VOID = new Set(['hr', 'br', 'img', 'input']);

/** Turns the data tree the Node side compiled back into React elements — no code from the deck runs here. */
export function SlideContent({ nodes }: { nodes: readonly SlideNode[] }) {
  return <>{nodes.map(renderNode)}</>;
}

function renderNode(node: SlideNode, key: number): ReactNode {
  if (typeof node === 'string') return node;
  const children = node.children.map(renderNode);
  const Component = slideComponents[node.type];
  if (Component) return <Component key={key} {...node.props}>{children}</Component>;
  if (!INTRINSIC.has(node.type)) return <span key={key}>{children}</span>;
  return createElement(node.type, { key, ...safeProps(node.type, node.props) }, VOID.has(node.type) ? undefined : children);
}

function safeProps(type: string, props: Record<string, unknown>) {
  const safe: Record<string, unknown> = {};
  if (typeof props.className === 'string') safe.className = props.className;
  if (typeof props.id === 'string') safe.id = props.id;
  if (typeof props.title === 'string') safe.title = props.title;
  if (typeof props.alt === 'string') safe.alt = props.alt;
  if (typeof props.style === 'object' && props.style !== null) safe.style = props.style as CSSProperties;
  if (typeof props.align === 'string') safe.style = { ...(safe.style as object), textAlign: props.align };
  if (type === 'a' && typeof props.href === 'string' && /^(https?:|\/|#)/.test(props.href)) {
    Object.assign(safe, { href: props.href, target: '_blank', rel: 'noreferrer' });
  }
  if (type === 'img' && typeof props.src === 'string' && /^(\/|data:image\/)/.test(props.src)) safe.src = props.src;
  if (type === 'input' && props.type === 'checkbox') Object.assign(safe, { type: 'checkbox', checked: Boolean(props.checked), readOnly: true, disabled: true });
  return safe;
}
