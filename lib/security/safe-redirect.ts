/**
 * The one rule for every return path the app is handed (guest entry's `redirectUrl`, the sign-in and sign-up forms'
 * `redirectTo`, Auth.js's callback URL after OAuth): a path on this site, in the form a browser will not reinterpret,
 * or else `/`. Browsers strip tabs and newlines from URLs, read `\` as `/`, collapse `/./` and `/../`, and some
 * servers decode once more; each of those has turned a "relative" path into another host somewhere, so anything
 * that could be read two ways is refused rather than repaired.
 */
export const DEFAULT_REDIRECT_PATH = "/";

const MAX_REDIRECT_LENGTH = 2048;
/** Printable ASCII without space and backslash: every path this app builds (encodeURIComponent output) fits. */
const RAW_CHARACTERS = /^[\x21-\x5B\x5D-\x7E]+$/;
/** Percent-encoded `.`, `/` and `\`: a path that hides them is a trick, never a link of ours. */
const ENCODED_DOT_OR_SLASH = /%(?:2e|2f|5c)/i;
/** Characters a path may hold once decoded: printable ASCII without backslash (no look-alikes, no bidi marks). */
const DECODED_PATH_CHARACTERS = /^[\x21-\x5B\x5D-\x7E]*$/;
/** Controls, and the invisible format and bidi marks that make a URL read differently from what it is. */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/;
/** How many times a path is decoded to look for what is hidden under encodings of encodings. */
const DECODE_ROUNDS = 3;
const PLACEHOLDER_ORIGIN = "http://redirect.invalid";

/** A same-origin path for `raw`, or `/`. Never throws, whatever it is given. */
export function safeRedirectPath(raw: unknown): string {
  if (typeof raw !== "string" || raw.length > MAX_REDIRECT_LENGTH) return DEFAULT_REDIRECT_PATH;
  if (!raw.startsWith("/") || !RAW_CHARACTERS.test(raw)) return DEFAULT_REDIRECT_PATH;
  const pathEnd = raw.search(/[?#]/);
  const path = pathEnd === -1 ? raw : raw.slice(0, pathEnd);
  const rest = pathEnd === -1 ? "" : raw.slice(pathEnd);
  if (!isPlainPath(path) || !isPlainSuffix(rest)) return DEFAULT_REDIRECT_PATH;
  const url = new URL(raw, PLACEHOLDER_ORIGIN);
  // The URL parser normalises what it can; a path it changed was not plain after all.
  if (url.origin !== PLACEHOLDER_ORIGIN || url.pathname !== path) return DEFAULT_REDIRECT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

function isPlainPath(path: string): boolean {
  let current = path;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    if (!DECODED_PATH_CHARACTERS.test(current) || ENCODED_DOT_OR_SLASH.test(current)) return false;
    if (current.includes("//") || current.split("/").some((segment) => segment === "." || segment === "..")) return false;
    const decoded = decodeOrNull(current);
    if (decoded === null) return false;
    if (decoded === current) return true;
    current = decoded;
  }
  return false;
}

/** The query and fragment cannot change the host, but they may not smuggle controls or bidi marks either. */
function isPlainSuffix(suffix: string): boolean {
  const decoded = decodeOrNull(suffix);
  return decoded !== null && decoded.isWellFormed() && !INVISIBLE.test(decoded);
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Auth.js's `callbacks.redirect`: where to go after signing in through a provider. Same-origin absolute URLs become
 * their path; the path must pass safeRedirectPath; anything else goes home.
 */
export function resolveAuthRedirect(input: { url: string; baseUrl: string }): string {
  try {
    const base = new URL(input.baseUrl);
    let path: string = DEFAULT_REDIRECT_PATH;
    if (input.url.startsWith("/")) {
      path = input.url;
    } else if (URL.canParse(input.url)) {
      const target = new URL(input.url);
      if (target.origin === base.origin) path = `${target.pathname}${target.search}${target.hash}`;
    }
    return new URL(safeRedirectPath(path), base.origin).toString();
  } catch {
    return input.baseUrl;
  }
}
