// Maps a path inside a parsed YAML document (as zod reports it) to a line and column, so that
// every load error can say file:line:column.
import { isMap, isSeq, isNode, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

/** The node at `path`, or the deepest ancestor that exists (an unknown key points at its map). */
function nodeAt(doc: Document, path: ReadonlyArray<string | number>): { node: Node | null; keyNode: Node | null } {
  let node: unknown = doc.contents;
  let keyNode: Node | null = null;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === seg);
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : null;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      keyNode = null;
      node = item;
    } else {
      break;
    }
  }
  return { node: isNode(node) ? node : null, keyNode };
}

export function positionOf(
  doc: Document,
  counter: LineCounter,
  path: ReadonlyArray<string | number>,
  preferKey = false,
): Position | undefined {
  const { node, keyNode } = nodeAt(doc, path);
  const target = preferKey && keyNode ? keyNode : (node ?? keyNode);
  const offset = target?.range?.[0];
  if (offset === undefined) return undefined;
  const p = counter.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Position of an unknown key `key` inside the map at `path`. */
export function positionOfKey(
  doc: Document,
  counter: LineCounter,
  path: ReadonlyArray<string | number>,
  key: string,
): Position | undefined {
  const { node } = nodeAt(doc, path);
  if (isMap(node)) {
    const pair = node.items.find((p) => (isNode(p.key) ? (p.key as { value?: unknown }).value : p.key) === key);
    const offset = pair && isNode(pair.key) ? pair.key.range?.[0] : undefined;
    if (offset !== undefined) {
      const p = counter.linePos(offset);
      return { line: p.line, column: p.col };
    }
  }
  return positionOf(doc, counter, path);
}
