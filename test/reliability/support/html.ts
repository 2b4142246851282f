/**
 * A strict reader for the registry's HTML pages (PEP 503 simple index): every `<` must open one of the tags the
 * page is made of, with only known attributes, double-quoted, holding no raw `<`, `>` or `"`. Markup injected
 * through a name, metadata value or reason shows up as an unknown tag, an unknown attribute or a broken quote.
 */

export interface Tag {
  name: string;
  closing: boolean;
  attributes: Record<string, string>;
}

const ALLOWED: Record<string, string[]> = {
  '!doctype': [],
  html: [],
  head: [],
  meta: ['name', 'content'],
  title: [],
  body: [],
  h1: [],
  a: [
    'href',
    'data-requires-python',
    'data-core-metadata',
    'data-dist-info-metadata',
    'data-yanked',
  ],
  br: [],
};

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#x27': "'",
  '#39': "'",
};

/** Decodes the entities escapeHtml writes; any other `&` sequence is reported by the caller's round-trip check. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(amp|lt|gt|quot|#x27|#39);/g,
    (_, entity: string) => ENTITIES[entity],
  );
}

/** Parses the page into tags and text, or throws with what is wrong. */
export function parseStrictHtml(html: string): {
  tags: Tag[];
  texts: string[];
} {
  const tags: Tag[] = [];
  const texts: string[] = [];
  let at = 0;
  const pattern =
    /<(\/?)(!DOCTYPE|[a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"<>]*")?)*)\s*(\/?)>/gy;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const text = html.slice(at, lt === -1 ? html.length : lt);
    if (/[>"]/.test(text.replace(/&[a-z#0-9]+;/g, '')))
      throw new Error(
        `raw ">" or '"' in text: ${JSON.stringify(text.slice(0, 120))}`,
      );
    if (text.trim()) texts.push(decodeEntities(text.trim()));
    if (lt === -1) break;
    pattern.lastIndex = lt;
    const match = pattern.exec(html);
    if (!match)
      throw new Error(
        `unexpected markup at ${lt}: ${JSON.stringify(html.slice(lt, lt + 120))}`,
      );
    const name = match[2].toLowerCase();
    if (!(name in ALLOWED))
      throw new Error(`unexpected tag <${match[1]}${match[2]}>`);
    const attributes: Record<string, string> = {};
    if (name === '!doctype') {
      if (match[3].trim() !== 'html')
        throw new Error(`unexpected doctype ${match[3]}`);
    } else {
      for (const attribute of match[3].matchAll(
        /\s+([a-z][a-z0-9-]*)(?:="([^"<>]*)")?/g,
      )) {
        if (!ALLOWED[name].includes(attribute[1]))
          throw new Error(`unexpected attribute ${attribute[1]} on <${name}>`);
        if (attribute[1] in attributes)
          throw new Error(`repeated attribute ${attribute[1]} on <${name}>`);
        attributes[attribute[1]] = decodeEntities(attribute[2] ?? '');
      }
    }
    tags.push({ name, closing: match[1] === '/', attributes });
    at = pattern.lastIndex;
  }
  return { tags, texts };
}
