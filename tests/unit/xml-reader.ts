/**
 * A small, strict XML reader for tests: elements, attributes, text, the five predefined entities and
 * numeric character references, comments and the XML declaration. It throws on anything that is not
 * well-formed (unclosed or mismatched tags, a stray `<` or `&`, duplicate attributes, text outside
 * the root), which is what the QTI tests need to know. No DTDs, no CDATA (the packages use neither).
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const namePattern = /^[A-Za-z_][\w.:-]*/;

function decode(text: string, where: number): string {
  return text.replace(/&([^;]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`Bare "&" at ${where}.`);
    if (body in entities) return entities[body];
    const numeric = /^#(x[0-9a-fA-F]+|\d+)$/.exec(body);
    if (numeric) return String.fromCodePoint(numeric[1].startsWith('x') ? parseInt(numeric[1].slice(1), 16) : Number(numeric[1]));
    throw new Error(`Unknown entity &${body}; at ${where}.`);
  });
}

export function parseXml(source: string): XmlElement {
  let at = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail = (message: string): never => {
    throw new Error(`${message} (at character ${at}: ${JSON.stringify(source.slice(at, at + 40))})`);
  };

  while (at < source.length) {
    const next = source.indexOf('<', at);
    const text = source.slice(at, next < 0 ? source.length : next);
    if (text.includes('>')) fail('Stray ">" in text');
    if (text.trim() !== '') {
      if (stack.length === 0) fail('Text outside the root element');
      stack.at(-1)!.children.push(decode(text, at));
    }
    if (next < 0) break;
    at = next;
    if (source.startsWith('<?', at)) {
      const end = source.indexOf('?>', at);
      if (end < 0) fail('Unclosed processing instruction');
      at = end + 2;
    } else if (source.startsWith('<!--', at)) {
      const end = source.indexOf('-->', at);
      if (end < 0) fail('Unclosed comment');
      at = end + 3;
    } else if (source.startsWith('</', at)) {
      const match = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(source.slice(at));
      if (!match) fail('Bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== match![1]) fail(`Closing </${match![1]}> does not match <${open?.name ?? 'nothing'}>`);
      at += match![0].length;
    } else {
      const name = namePattern.exec(source.slice(at + 1))?.[0];
      if (!name) fail('Bad tag name');
      at += 1 + name!.length;
      const element: XmlElement = { name: name!, attributes: {}, children: [] };
      for (;;) {
        const attribute = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(source.slice(at));
        if (!attribute) break;
        if (attribute[1] in element.attributes) fail(`Duplicate attribute ${attribute[1]}`);
        element.attributes[attribute[1]] = decode(attribute[3] ?? attribute[4], at);
        at += attribute[0].length;
      }
      const close = /^\s*(\/?)>/.exec(source.slice(at));
      if (!close) fail(`Bad end of <${name}>`);
      at += close![0].length;
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      else if (root) fail('A second root element');
      else root = element;
      if (close![1] !== '/') stack.push(element);
    }
  }
  if (stack.length > 0) fail(`Unclosed <${stack.at(-1)!.name}>`);
  if (!root) fail('No root element');
  return root!;
}

/** Every descendant element with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (child.name === name) found.push(child);
    found.push(...findAll(child, name));
  }
  return found;
}

export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}
