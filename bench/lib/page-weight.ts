import http from "node:http";

type Fetched = { status: number; body: Buffer; encoding: string | undefined };

function get(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), encoding: response.headers["content-encoding"] }),
        );
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

export type PageWeight = { gzipBytes: number; files: number; notGzipped: string[] };

/**
 * The chat page's first-load JavaScript as sent: the scripts its HTML itself loads (what the budget test in
 * tests/e2e/quality.spec.ts counts, and Next.js calls First Load JS), each fetched as a browser does, with
 * `Accept-Encoding: gzip`, and counted in bytes on the wire. Chunks loaded later on purpose are not counted.
 */
export async function measureChatPageJs(baseUrl: string, cookie: string): Promise<PageWeight> {
  const page = await get(`${baseUrl}/`, { accept: "text/html", cookie });
  if (page.status !== 200) throw new Error(`GET / answered ${page.status}`);
  const html = page.encoding ? "" : page.body.toString("utf8");
  if (!html) throw new Error("GET / came back encoded without being asked to");
  // A browser that runs modules skips `nomodule` scripts (Next.js's polyfills), as the budget test's Chromium does.
  const tags = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]).filter((tag) => !/\snomodule\b/i.test(tag));
  const sources = [
    ...new Set(
      tags.flatMap((tag) => {
        const src = /\ssrc="([^"]+)"/.exec(tag)?.[1];
        return src ? [new URL(src.replaceAll("&amp;", "&"), baseUrl).href] : [];
      }),
    ),
  ];
  let gzipBytes = 0;
  const notGzipped: string[] = [];
  for (const source of sources) {
    const script = await get(source, { "accept-encoding": "gzip", cookie });
    if (script.status !== 200) throw new Error(`${source} answered ${script.status}`);
    if (script.encoding !== "gzip") notGzipped.push(`${new URL(source).pathname} (${script.body.length} bytes)`);
    gzipBytes += script.body.length;
  }
  return { gzipBytes, files: sources.length, notGzipped };
}
