import type { SlideElement, SlideNode } from '../contract/slides';

/** The slide components every deck may use without importing them; the UI implements each. */
export const SLIDE_COMPONENTS = ['Notes', 'Action', 'ServiceStatus', 'LiveMetric', 'GrafanaPanel', 'DowntimeCalculator', 'Columns', 'Callout'] as const;

const FRAGMENT = Symbol('Fragment');

type Props = Record<string, unknown> & { children?: unknown };
type ComponentType = string | typeof FRAGMENT | ((props: Props) => unknown);

/**
 * A stand-in for `react/jsx-runtime` that builds plain data instead of React elements. MDX's compiled code calls
 * it; the result crosses the API as JSON and the UI turns it back into React elements.
 */
export const treeJsxRuntime = {
  Fragment: FRAGMENT,
  jsx: createNode,
  jsxs: createNode,
  jsxDEV: createNode,
};

function createNode(type: ComponentType, props: Props): unknown {
  const { children, ...rest } = props;
  if (typeof type === 'function') return type(props);
  const kids = flatten(children);
  if (type === FRAGMENT) return kids;
  return { type, props: toJsonProps(rest), children: kids } satisfies SlideElement;
}

function flatten(children: unknown): SlideNode[] {
  if (children === undefined || children === null || children === false || children === true) return [];
  if (Array.isArray(children)) return children.flatMap(flatten);
  if (typeof children === 'string' || typeof children === 'number') return [String(children)];
  if (typeof children === 'object' && 'type' in children) return [children as SlideElement];
  return [];
}

/** Keeps what JSON can carry: event handlers and other functions have no meaning outside the Node side. */
function toJsonProps(props: Record<string, unknown>): SlideElement['props'] {
  return JSON.parse(JSON.stringify(props, (_key, value: unknown) => (typeof value === 'function' ? undefined : value)));
}

/** Splits `<Notes>` out of the slide body: the audience never sees them, the presenter sees them beside the slide. */
export function extractNotes(nodes: readonly SlideNode[]): { body: SlideNode[]; notes: SlideNode[] } {
  const notes: SlideNode[] = [];
  const walk = (list: readonly SlideNode[]): SlideNode[] =>
    list.flatMap((node): SlideNode[] => {
      if (typeof node === 'string') return [node];
      if (node.type === 'Notes') {
        notes.push(...node.children);
        return [];
      }
      return [{ ...node, children: walk(node.children) }];
    });
  const body = walk(nodes);
  return { body: trimWhitespace(body), notes: trimWhitespace(notes) };
}

export function mapElements(nodes: readonly SlideNode[], transform: (element: SlideElement) => SlideElement): SlideNode[] {
  return nodes.map((node) => (typeof node === 'string' ? node : transform({ ...node, children: mapElements(node.children, transform) })));
}

export function textOf(nodes: readonly SlideNode[]): string {
  return nodes.map((node) => (typeof node === 'string' ? node : textOf(node.children))).join('');
}

export function findFirst(nodes: readonly SlideNode[], type: string): SlideElement | undefined {
  for (const node of nodes) {
    if (typeof node === 'string') continue;
    if (node.type === type) return node;
    const inner = findFirst(node.children, type);
    if (inner) return inner;
  }
  return undefined;
}

function trimWhitespace(nodes: SlideNode[]): SlideNode[] {
  return nodes.filter((node) => typeof node !== 'string' || node.trim() !== '');
}
