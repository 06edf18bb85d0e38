/**
 * Pure text work before react-markdown sees an answer: math delimiters models emit are normalised to the `$` forms
 * remark-math reads, dollar signs that are money stay text, and the answer is cut into top-level blocks so a
 * streaming answer re-renders only its last block.
 */

export type MarkdownBlock = {
  text: string;
  /** Has math for remark-math: a `$…$` pair, a `$$` block or a ```math fence. */
  hasMath: boolean;
  /** Ends inside a code fence that has not been closed yet (the answer is still streaming, or was cut off). */
  isOpen: boolean;
};

type Fence = { char: "`" | "~"; length: number };

const FENCE_OPEN = /^\s*(`{3,}|~{3,})(.*)$/;
const LIST_ITEM = /^(?:[-*+]|\d{1,9}[.)])(?:\s|$)/;
// Reference links and footnotes point across the whole answer, so an answer using them is not cut up.
const DEFINITION = /^ {0,3}\[[^\]]+\]:/m;

/** Reads an opening code fence (any indentation, so fences nested in list items keep their lines together). */
function openFence(line: string): { fence: Fence; info: string } | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) return null;
  const marks = match[1] ?? "";
  const info = (match[2] ?? "").trim();
  // A backtick fence's info string cannot contain a backtick; such a line is inline code, not a fence.
  if (marks.startsWith("`") && info.includes("`")) return null;
  return { fence: { char: marks.startsWith("`") ? "`" : "~", length: marks.length }, info };
}

function closesFence(line: string, fence: Fence): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.length && trimmed === fence.char.repeat(trimmed.length);
}

function isDisplayMathFence(line: string): boolean {
  return line.trim() === "$$";
}

/** Calls `edit` on the parts of a line outside inline code spans. */
function mapOutsideInlineCode(line: string, edit: (segment: string) => string): string {
  let result = "";
  let index = 0;
  while (index < line.length) {
    const tick = line.indexOf("`", index);
    if (tick === -1) break;
    let runEnd = tick;
    while (line[runEnd] === "`") runEnd += 1;
    const run = line.slice(tick, runEnd);
    const close = findBacktickRun(line, runEnd, run.length);
    if (close === -1) {
      result += edit(line.slice(index, runEnd));
      index = runEnd;
      continue;
    }
    result += edit(line.slice(index, tick)) + line.slice(tick, close + run.length);
    index = close + run.length;
  }
  return result + edit(line.slice(index));
}

function findBacktickRun(line: string, from: number, length: number): number {
  let index = line.indexOf("`", from);
  while (index !== -1) {
    let end = index;
    while (line[end] === "`") end += 1;
    if (end - index === length) return index;
    index = line.indexOf("`", end);
  }
  return -1;
}

/**
 * Rewrites `\(…\)` as `$…$` and `\[…\]` as a `$$` block, and puts a one-line `$$…$$` on lines of its own, because
 * remark-math reads `$$` as a display block only when the fences stand alone.
 */
export function normaliseMathDelimiters(text: string): string {
  if (!text.includes("\\(") && !text.includes("\\[") && !text.includes("$$")) return text;
  const out: string[] = [];
  let fence: Fence | null = null;
  let isInDisplay = false;
  for (const line of text.split("\n")) {
    if (fence) {
      out.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const opened = openFence(line);
    if (opened && !isInDisplay) {
      fence = opened.fence;
      out.push(line);
      continue;
    }
    const indent = /^\s*/.exec(line)?.[0] ?? "";
    let body = mapOutsideInlineCode(line.slice(indent.length), (segment) =>
      segment.replace(/\\\((.+?)\\\)/g, (_, math: string) => `$${math.trim()}$`),
    );
    const opensDisplay = body.startsWith("\\[");
    if (opensDisplay) body = `$$${body.slice(2)}`;
    if ((opensDisplay || isInDisplay) && body.trimEnd().endsWith("\\]")) body = `${body.trimEnd().slice(0, -2)}$$`;
    const trimmed = body.trim();

    if (!isInDisplay && trimmed.startsWith("$$") && !trimmed.startsWith("$$$")) {
      const rest = trimmed.slice(2);
      const close = rest.indexOf("$$");
      if (rest.trim() === "") {
        isInDisplay = true;
        out.push(`${indent}$$`);
      } else if (close === -1) {
        isInDisplay = true;
        out.push(`${indent}$$`, `${indent}${rest.trim()}`);
      } else if (close === rest.length - 2) {
        out.push(`${indent}$$`, `${indent}${rest.slice(0, -2).trim()}`, `${indent}$$`);
      } else {
        out.push(indent + body);
      }
      continue;
    }
    if (isInDisplay && trimmed.endsWith("$$")) {
      const before = trimmed.slice(0, -2).trim();
      out.push(...(before ? [`${indent}${before}`] : []), `${indent}$$`);
      isInDisplay = false;
      continue;
    }
    out.push(indent + body);
  }
  return out.join("\n");
}

/**
 * Keeps `$…$` pairs that look like math and escapes every other single dollar, Pandoc's rule: the opening `$` has
 * a non-space right after it, the closing `$` a non-space right before it and no digit right after it, and no `$`
 * comes between. So "$5 and $10" stays text while "$e^{i\pi}$" is math.
 */
export function escapeCurrencyDollars(line: string): { text: string; hasMath: boolean } {
  let hasMath = false;
  const text = mapOutsideInlineCode(line, (segment) => {
    let result = "";
    let index = 0;
    while (index < segment.length) {
      const char = segment[index];
      if (char === "\\") {
        result += segment.slice(index, index + 2);
        index += 2;
        continue;
      }
      if (char !== "$") {
        result += char;
        index += 1;
        continue;
      }
      if (segment[index + 1] === "$") {
        let runEnd = index;
        while (segment[runEnd] === "$") runEnd += 1;
        const close = segment.indexOf(segment.slice(index, runEnd), runEnd);
        if (close > runEnd) {
          hasMath = true;
          result += segment.slice(index, close + runEnd - index);
          index = close + runEnd - index;
        } else {
          result += "\\$".repeat(runEnd - index);
          index = runEnd;
        }
        continue;
      }
      const close = nextDollar(segment, index + 1);
      const opens = /\S/.test(segment[index + 1] ?? " ");
      const closes =
        close !== -1 && /\S/.test(segment[close - 1] ?? " ") && !/\d/.test(segment[close + 1] ?? "") && segment[close + 1] !== "$";
      if (opens && closes && close > index + 1) {
        hasMath = true;
        result += segment.slice(index, close + 1);
        index = close + 1;
      } else {
        result += "\\$";
        index += 1;
      }
    }
    return result;
  });
  return { text, hasMath };
}

function nextDollar(segment: string, from: number): number {
  for (let index = from; index < segment.length; index += 1) {
    if (segment[index] === "\\") index += 1;
    else if (segment[index] === "$") return index;
  }
  return -1;
}

/** Cuts the answer at blank lines that end a top-level block, never inside a code fence or a `$$` block. */
export function splitBlocks(text: string): { text: string; isOpen: boolean }[] {
  if (DEFINITION.test(text)) return [{ text, isOpen: hasOpenFence(text) }];
  const blocks: { text: string; isOpen: boolean }[] = [];
  let current: string[] = [];
  let fence: Fence | null = null;
  let isInDisplay = false;
  let isAfterBlank = false;
  let isInList = false;

  for (const line of text.split("\n")) {
    if (fence) {
      current.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    if (isInDisplay) {
      current.push(line);
      if (isDisplayMathFence(line)) isInDisplay = false;
      continue;
    }
    if (line.trim() === "") {
      current.push(line);
      isAfterBlank = true;
      continue;
    }
    const isTopLevel = /^\S/.test(line);
    if (isTopLevel) {
      const isListItem = LIST_ITEM.test(line);
      // A blank line between two items keeps one (loose) list; cutting there would start a second list.
      if (isAfterBlank && !(isListItem && isInList) && current.some((kept) => kept.trim() !== "")) {
        blocks.push({ text: current.join("\n"), isOpen: false });
        current = [];
      }
      isInList = isListItem;
    }
    isAfterBlank = false;
    const opened = openFence(line);
    if (opened) fence = opened.fence;
    else if (isDisplayMathFence(line)) isInDisplay = true;
    current.push(line);
  }
  if (current.length > 0) blocks.push({ text: current.join("\n"), isOpen: fence !== null });
  return blocks;
}

function hasOpenFence(text: string): boolean {
  let fence: Fence | null = null;
  for (const line of text.split("\n")) {
    if (fence) {
      if (closesFence(line, fence)) fence = null;
    } else {
      fence = openFence(line)?.fence ?? null;
    }
  }
  return fence !== null;
}

/** Finds math in a block and, when there is some, escapes its currency dollars; a block without math is unchanged. */
function prepareBlock(block: { text: string; isOpen: boolean }): MarkdownBlock {
  if (!block.text.includes("$") && !/^\s*(`{3,}|~{3,})\s*math\s*$/m.test(block.text)) {
    return { ...block, hasMath: false };
  }
  const lines: string[] = [];
  let hasMath = false;
  let fence: Fence | null = null;
  let isInDisplay = false;
  for (const line of block.text.split("\n")) {
    if (fence) {
      lines.push(line);
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    if (isInDisplay || isDisplayMathFence(line)) {
      lines.push(line);
      if (isDisplayMathFence(line)) isInDisplay = !isInDisplay;
      hasMath = true;
      continue;
    }
    const opened = openFence(line);
    if (opened) {
      fence = opened.fence;
      if (opened.info.split(/\s/)[0]?.toLowerCase() === "math") hasMath = true;
      lines.push(line);
      continue;
    }
    const escaped = escapeCurrencyDollars(line);
    hasMath ||= escaped.hasMath;
    lines.push(escaped.text);
  }
  return hasMath ? { text: lines.join("\n"), hasMath, isOpen: block.isOpen } : { ...block, hasMath: false };
}

export function prepareMarkdown(text: string): MarkdownBlock[] {
  return splitBlocks(normaliseMathDelimiters(text)).map(prepareBlock);
}
