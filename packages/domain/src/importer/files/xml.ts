// WordprocessingML through fast-xml-parser's ordered tree. Namespace prefixes are dropped (`w:p` → `p`):
// writers other than Word sometimes bind the main namespace to another prefix, or to none.
import { XMLParser } from 'fast-xml-parser';

/** One node of fast-xml-parser's `preserveOrder` output: `{ tag: children, ':@'?: attributes }` or `{ '#text': text }`. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

export function parseXml(bytes: Uint8Array): XmlNode[] {
  const xml = new TextDecoder('utf-8').decode(bytes);
  // No Office part has a DTD; one here could only be an entity-expansion attack.
  if (/<!DOCTYPE/iu.test(xml.slice(0, 4096))) throw new Error('a DTD in an Office part');
  return parser.parse(xml) as XmlNode[];
}

export function tagOf(node: XmlNode): string {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return '';
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[tagOf(node)];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const attributes = node[':@'] as Record<string, unknown> | undefined;
  const value = attributes?.[name];
  return value === undefined ? undefined : String(value);
}

/** The first child with this tag. */
export function childOf(node: XmlNode | undefined, tag: string): XmlNode | undefined {
  return node ? childrenOf(node).find((child) => tagOf(child) === tag) : undefined;
}

/** `w:val` of a child (`<w:ilvl w:val="1"/>` → "1"). */
export function valOf(node: XmlNode | undefined, tag: string): string | undefined {
  const child = childOf(node, tag);
  return child ? attrOf(child, 'val') : undefined;
}

/** Text content of a `#text` node, else ''. */
export function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text : typeof text === 'number' ? String(text) : '';
}

/** The first element with this tag, depth first (the document's `body`, numbering's root). */
export function findFirst(nodes: XmlNode[], tag: string): XmlNode | undefined {
  for (const node of nodes) {
    if (tagOf(node) === tag) return node;
    const found = findFirst(childrenOf(node), tag);
    if (found) return found;
  }
  return undefined;
}
