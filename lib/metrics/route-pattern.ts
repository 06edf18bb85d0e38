type Params = Record<string, string | string[] | undefined>;

/**
 * The route a request matched, as its pattern (`/api/chat/[id]/votes`), so that metrics get one series per route
 * rather than one per chat. Rebuilt from the path and the route's params: each segment that spells a param's value
 * becomes `[name]`, a catch-all's segments `[...name]`.
 */
export function routePattern(pathname: string, params: Params | undefined): string {
  const segments = pathname.split("/");
  if (!params) return pathname;
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") {
      const index = segments.findIndex((segment) => decodeSegment(segment) === value);
      if (index > 0) segments[index] = `[${name}]`;
    } else if (Array.isArray(value) && value.length > 0) {
      const start = findSequence(segments, value);
      if (start > 0) segments.splice(start, value.length, `[...${name}]`);
    }
  }
  return segments.join("/");
}

function findSequence(segments: string[], values: string[]): number {
  for (let start = segments.length - values.length; start > 0; start--) {
    if (values.every((value, offset) => decodeSegment(segments[start + offset] ?? "") === value)) return start;
  }
  return -1;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
