/**
 * @module
 * A small, strict XML reader for the QTI subset: elements, attributes, text, CDATA, comments, the
 * five named entities and numeric character references. No DOCTYPE (refused: no entity expansion,
 * no external references), no namespaces beyond keeping the prefix in the name. Malformed input
 * throws `XmlError` with the offset.
 */

/** An element. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
/** An element or a text run. */
export type XmlNode = XmlElement | string;

/** Input that is not well-formed XML (or uses what this reader refuses). */
export class XmlError extends Error {
  override name = "XmlError";
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
  }
}

const nameRe = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, e: string | undefined) => {
    if (!e) throw new XmlError("A bare & (write &amp;)", at);
    if (e.startsWith("#")) {
      const cp = e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      if (!(cp >= 1 && cp <= 0x10ffff)) throw new XmlError(`A character reference out of range ${m}`, at);
      return String.fromCodePoint(cp);
    }
    const v = entities[e];
    if (v === undefined) throw new XmlError(`Unknown entity ${m}`, at);
    return v;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const s = text.replace(/^\uFEFF/, "");
  const stack: XmlElement[] = [{ name: "#document", attrs: {}, children: [] }];
  const top = () => stack[stack.length - 1]!;
  while (i < s.length) {
    if (s.startsWith("<!--", i)) {
      const end = s.indexOf("-->", i + 4);
      if (end < 0) throw new XmlError("An unclosed comment", i);
      i = end + 3;
    } else if (s.startsWith("<![CDATA[", i)) {
      const end = s.indexOf("]]>", i + 9);
      if (end < 0) throw new XmlError("An unclosed CDATA section", i);
      top().children.push(s.slice(i + 9, end));
      i = end + 3;
    } else if (s.startsWith("<?", i)) {
      const end = s.indexOf("?>", i + 2);
      if (end < 0) throw new XmlError("An unclosed processing instruction", i);
      i = end + 2;
    } else if (s.startsWith("<!", i)) {
      throw new XmlError("A DOCTYPE or declaration (not accepted)", i);
    } else if (s.startsWith("</", i)) {
      nameRe.lastIndex = i + 2;
      const m = nameRe.exec(s);
      if (!m) throw new XmlError("A bad closing tag", i);
      const close = s.indexOf(">", i);
      if (close < 0 || s.slice(i + 2 + m[0].length, close).trim() !== "") {
        throw new XmlError("A bad closing tag", i);
      }
      const open = stack.pop()!;
      if (open.name !== m[0] || stack.length === 0) {
        throw new XmlError(`</${m[0]}> closes <${open.name}>`, i);
      }
      top().children.push(open);
      i = close + 1;
    } else if (s[i] === "<") {
      nameRe.lastIndex = i + 1;
      const m = nameRe.exec(s);
      if (!m) throw new XmlError("A bad tag", i);
      const el: XmlElement = { name: m[0], attrs: {}, children: [] };
      let j = i + 1 + m[0].length;
      for (;;) {
        while (/\s/.test(s[j] ?? "")) j++;
        if (s.startsWith("/>", j)) {
          top().children.push(el);
          j += 2;
          break;
        }
        if (s[j] === ">") {
          stack.push(el);
          j += 1;
          break;
        }
        nameRe.lastIndex = j;
        const a = nameRe.exec(s);
        if (!a || !/\s/.test(s[j - 1] ?? "")) throw new XmlError(`A bad attribute in <${el.name}>`, j);
        j += a[0].length;
        while (/\s/.test(s[j] ?? "")) j++;
        if (s[j] !== "=") throw new XmlError(`Attribute ${a[0]} has no value`, j);
        j++;
        while (/\s/.test(s[j] ?? "")) j++;
        const q = s[j];
        if (q !== '"' && q !== "'") throw new XmlError(`Attribute ${a[0]} is not quoted`, j);
        const end = s.indexOf(q, j + 1);
        if (end < 0) throw new XmlError(`Attribute ${a[0]} is not closed`, j);
        if (a[0] in el.attrs) throw new XmlError(`Attribute ${a[0]} is repeated`, j);
        const raw = s.slice(j + 1, end);
        if (raw.includes("<")) throw new XmlError(`Attribute ${a[0]} contains <`, j);
        el.attrs[a[0]] = decode(raw, j);
        j = end + 1;
      }
      i = j;
    } else {
      const next = s.indexOf("<", i);
      const end = next < 0 ? s.length : next;
      const t = decode(s.slice(i, end), i);
      if (stack.length === 1) {
        if (t.trim() !== "") throw new XmlError("Text outside the root element", i);
      } else top().children.push(t);
      i = end;
    }
  }
  if (stack.length !== 1) throw new XmlError(`<${top().name}> is not closed`, s.length);
  const roots = stack[0]!.children.filter((c): c is XmlElement => typeof c !== "string");
  if (roots.length !== 1) throw new XmlError("A document has exactly one root element", 0);
  return roots[0]!;
}

/** The element's text, all descendants' text joined, whitespace collapsed. */
export function textOf(n: XmlNode): string {
  const raw = typeof n === "string" ? n : n.children.map(textOf).join(n.name === "br" ? "\n" : "");
  return typeof n === "string" ? raw : raw.replace(/\s+/g, " ").trim();
}

/** Child elements (optionally by name). */
export function elements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== "string" && (!name || c.name === name));
}

/** Every descendant element, depth first. */
export function descendants(el: XmlElement): XmlElement[] {
  return elements(el).flatMap((c) => [c, ...descendants(c)]);
}

/** Text escaped for element content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
