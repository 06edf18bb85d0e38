import { createHash } from "node:crypto";

/**
 * Writes small, valid PDF files for tests: pages of text in Helvetica (a standard font, so nothing is embedded),
 * pages with only a drawing (no text layer), and the standard security handler (RC4, revision 2) with a user and
 * an owner password. Readers such as pdf.js open these as they would any PDF.
 */
export type PdfPage =
  | { lines: string[] }
  | { drawing: true }
  /** A content stream already compressed with zlib (FlateDecode), as given: for streams that inflate to a lot. */
  | { deflatedContent: Buffer };

export type PdfOptions = {
  pages: PdfPage[];
  /** Encrypts the file. An empty user password opens it without asking (owner-restricted only). */
  encryption?: { userPassword: string; ownerPassword: string };
};

const PASSWORD_PAD = Buffer.from("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A", "hex");

/** RC4, written out: OpenSSL 3 keeps it in the legacy provider, which Node does not load. */
function rc4(key: Buffer, data: Buffer): Buffer {
  const state = Array.from({ length: 256 }, (_, index) => index);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + state[i]! + key[i % key.length]!) & 255;
    [state[i], state[j]] = [state[j]!, state[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 255;
    j = (j + state[i]!) & 255;
    [state[i], state[j]] = [state[j]!, state[i]!];
    out[n] = data[n]! ^ state[(state[i]! + state[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
const padded = (password: string) => Buffer.concat([Buffer.from(password, "latin1"), PASSWORD_PAD]).subarray(0, 32);

/** The PDF 1.7 standard security handler, revision 2 (40-bit RC4): algorithms 2, 3 and 4 of the specification. */
function securityHandler(userPassword: string, ownerPassword: string, fileId: Buffer) {
  const permissions = -4;
  const owner = rc4(md5(padded(ownerPassword)).subarray(0, 5), padded(userPassword));
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const key = md5(padded(userPassword), owner, p, fileId).subarray(0, 5);
  const user = rc4(key, PASSWORD_PAD);
  const objectKey = (objectNumber: number) => {
    const suffix = Buffer.from([objectNumber & 255, (objectNumber >> 8) & 255, (objectNumber >> 16) & 255, 0, 0]);
    return md5(key, suffix).subarray(0, 10);
  };
  return {
    dictionary: `<< /Filter /Standard /V 1 /R 2 /O <${owner.toString("hex")}> /U <${user.toString("hex")}> /P ${permissions} >>`,
    encrypt: (objectNumber: number, data: Buffer) => rc4(objectKey(objectNumber), data),
  };
}

const escapeText = (text: string) => text.replace(/[\\()]/g, (char) => `\\${char}`);

function contentOf(page: Exclude<PdfPage, { deflatedContent: Buffer }>): string {
  if ("drawing" in page) return "0.2 0.4 0.8 rg 72 500 300 200 re f\n";
  const lines = page.lines.map((line, index) => `${index === 0 ? "" : "0 -18 Td "}(${escapeText(line)}) Tj`);
  return `BT /F1 12 Tf 72 760 Td ${lines.join("\n")} ET\n`;
}

export function makePdf({ pages, encryption }: PdfOptions): Buffer {
  const fileId = createHash("md5").update(`${Date.now()}-${Math.random()}`).digest();
  // Objects 1–3 are the catalog, the page tree and the font; each page then takes two (page, content stream).
  const pageIds = pages.map((_, index) => 4 + index * 2);
  const encryptId = 4 + pages.length * 2;
  const security = encryption ? securityHandler(encryption.userPassword, encryption.ownerPassword, fileId) : null;

  const objects: Buffer[] = [];
  const add = (id: number, body: string | Buffer) => {
    objects[id] = Buffer.concat([Buffer.from(`${id} 0 obj\n`), Buffer.from(body), Buffer.from("\nendobj\n")]);
  };
  add(1, "<< /Type /Catalog /Pages 2 0 R >>");
  add(2, `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`);
  add(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  pages.forEach((page, index) => {
    const pageId = pageIds[index]!;
    const contentId = pageId + 1;
    add(pageId, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`);
    const plain = "deflatedContent" in page ? page.deflatedContent : Buffer.from(contentOf(page), "latin1");
    const data = security ? security.encrypt(contentId, plain) : plain;
    const filter = "deflatedContent" in page ? " /Filter /FlateDecode" : "";
    add(contentId, Buffer.concat([Buffer.from(`<< /Length ${data.length}${filter} >>\nstream\n`), data, Buffer.from("\nendstream")]));
  });
  if (security) add(encryptId, security.dictionary);

  const header = Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1");
  const chunks: Buffer[] = [header];
  const offsets: number[] = [];
  let offset = header.length;
  const count = objects.length;
  for (let id = 1; id < count; id++) {
    offsets[id] = offset;
    chunks.push(objects[id]!);
    offset += objects[id]!.length;
  }
  const xref = [`xref\n0 ${count}\n`, "0000000000 65535 f \n", ...offsets.slice(1).map((at) => `${String(at).padStart(10, "0")} 00000 n \n`)];
  const id = `<${fileId.toString("hex")}>`;
  const trailer = `trailer\n<< /Size ${count} /Root 1 0 R${security ? ` /Encrypt ${encryptId} 0 R` : ""} /ID [${id} ${id}] >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref.join("") + trailer, "latin1"));
  return Buffer.concat(chunks);
}
