import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { chromium } from "@playwright/test";

/**
 * `npx tsx scripts/generate-icons.ts`: draws the app's PNG icons and favicon.ico from public/icon.svg (the one source,
 * also served as the SVG favicon) with Chromium, so they never drift from it. Commit what it writes to public/.
 */
const PUBLIC_DIR = path.resolve(__dirname, "../public");
const source = readFileSync(path.join(PUBLIC_DIR, "icon.svg"), "utf8");

/** The icon edge to edge, its glyph scaled about the centre: for masks that platforms cut themselves (Android, iOS). */
function fullBleed(svg: string, glyphScale: number): string {
  return svg
    .replace(/(<rect id="background"[^>]*?) rx="\d+"/, "$1")
    .replace('<g id="glyph">', `<g id="glyph" transform="translate(256 256) scale(${glyphScale}) translate(-256 -256)">`);
}

const PNG_ICONS: { file: string; size: number; svg: string }[] = [
  { file: "icon-192.png", size: 192, svg: source },
  { file: "icon-512.png", size: 512, svg: source },
  // Android keeps the centre 80% of a maskable icon.
  { file: "icon-maskable-512.png", size: 512, svg: fullBleed(source, 0.78) },
  { file: "apple-touch-icon.png", size: 180, svg: fullBleed(source, 0.9) },
];
const FAVICON_SIZES = [16, 32, 48];

/** An .ico holding PNG images (read by every current browser), largest last. */
function toIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  try {
    const page = await browser.newPage();
    const render = async (svg: string, size: number): Promise<Buffer> => {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
      return page.screenshot({ omitBackground: true, type: "png" });
    };
    for (const icon of PNG_ICONS) {
      writeFileSync(path.join(PUBLIC_DIR, icon.file), await render(icon.svg, icon.size));
      console.log(`public/${icon.file}`);
    }
    const favicons = [];
    for (const size of FAVICON_SIZES) favicons.push({ size, png: await render(source, size) });
    writeFileSync(path.join(PUBLIC_DIR, "favicon.ico"), toIco(favicons));
    console.log("public/favicon.ico");
  } finally {
    await browser.close();
  }
}

void main();
