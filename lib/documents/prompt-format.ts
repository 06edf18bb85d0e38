/**
 * How a document reaches the model: one text part, delimited so the model (and the demo model, which reports what
 * arrived) can tell it from the user's words and from other documents:
 *
 *   <document name="report.pdf" type="PDF" pages="3" characters="5120">
 *   …the text…
 *   </document>
 *
 * A cut-off document says so in a `truncated` attribute and a note before the closing tag.
 */
export type DocumentBlock = {
  name: string;
  /** "PDF", "Word document", "Python", "CSV", ... */
  type: string;
  pageCount: number | null;
  /** The text given, and the note that explains a cut (null when the whole text is there). */
  text: string;
  note: string | null;
};

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\n/g, " ");
const unescapeAttribute = (value: string) => value.replace(/&gt;/g, ">").replace(/&lt;/g, "<").replace(/&quot;/g, '"').replace(/&amp;/g, "&");

/** A closing tag inside the text would end the block early; it is broken up (the model still reads it as text). */
const neutralise = (text: string) => text.replace(/<\/document/gi, "<\\/document");

export function formatDocumentBlock(block: DocumentBlock): string {
  const attributes = [
    `name="${escapeAttribute(block.name)}"`,
    `type="${escapeAttribute(block.type)}"`,
    ...(block.pageCount !== null ? [`pages="${block.pageCount}"`] : []),
    `characters="${block.text.length}"`,
    ...(block.note ? ['truncated="true"'] : []),
  ];
  const body = neutralise(block.text);
  return `<document ${attributes.join(" ")}>\n${body}${body.endsWith("\n") || body === "" ? "" : "\n"}${block.note ? `[${block.note}]\n` : ""}</document>`;
}

export type ParsedDocumentBlock = { name: string; type: string; pages: number | null; characters: number; truncated: boolean; text: string };

const BLOCK_PATTERN = /<document ([^>\n]*)>\n([\s\S]*?)<\/document>/g;

function attribute(attributes: string, name: string): string | null {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return match?.[1] !== undefined ? unescapeAttribute(match[1]) : null;
}

/** The document blocks in a text, and the text without them (the user's own words). */
export function parseDocumentBlocks(text: string): { documents: ParsedDocumentBlock[]; rest: string } {
  const documents: ParsedDocumentBlock[] = [];
  const rest = text.replace(BLOCK_PATTERN, (_whole, attributes: string, body: string) => {
    const pages = attribute(attributes, "pages");
    documents.push({
      name: attribute(attributes, "name") ?? "document",
      type: attribute(attributes, "type") ?? "Document",
      pages: pages === null ? null : Number(pages),
      characters: Number(attribute(attributes, "characters") ?? 0),
      truncated: attribute(attributes, "truncated") === "true",
      text: body.replace(/\n?\[[^\]\n]*\]\n$/, (note) => (attribute(attributes, "truncated") === "true" ? "" : note)).trimEnd(),
    });
    return "";
  });
  return { documents, rest: rest.trim() };
}
