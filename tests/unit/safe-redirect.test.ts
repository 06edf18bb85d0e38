import { describe, expect, it } from "vitest";
import { resolveAuthRedirect, safeRedirectPath } from "@/lib/security/safe-redirect";

/** Paths of this site, kept as they are. */
const KEPT = ["/", "/chat/0b6e0c5e-6a1e-4f39-9d3f-5a4c1d2e3f40", "/settings", "/chat/x?model=demo%2Fdemo#last", "/@evil.com", "/a.b/c..d/...", "/search?q=caf%C3%A9"];

/**
 * Each as the route sees it, after the query string was decoded once: `/%09/evil.com` in the URL arrives as a tab.
 * Every one of them leaves the site (or could, in some browser or server) if followed as it is.
 */
const REFUSED: [name: string, value: unknown][] = [
  ["protocol-relative", "//evil.com"],
  ["three slashes", "///evil.com"],
  ["backslash", "/\\evil.com"],
  ["backslash first", "\\\\evil.com"],
  ["tab between slashes", "/\t/evil.com"],
  ["newline between slashes", "/\n/evil.com"],
  ["CR LF between slashes", "/\r\n/evil.com"],
  ["tab and backslash", "/\t\\evil.com"],
  ["NUL", "/\u0000/evil.com"],
  ["leading space", " /evil.com"],
  ["dot segment and empty segment", "/.//evil.com"],
  ["dot segment", "/./evil.com"],
  ["dot-dot segment", "/../evil.com"],
  ["dot-dot at the end", "/chat/.."],
  ["encoded dots", "/%2e%2e/evil.com"],
  ["encoded dot, upper case", "/%2E/evil.com"],
  ["encoded slashes", "/%2f%2fevil.com"],
  ["encoded backslash", "/%5cevil.com"],
  ["double-encoded slashes", "/%252f%252fevil.com"],
  ["double-encoded dots", "/%252e%252e/evil.com"],
  ["ideographic full stop", "/\u3002evil.com"],
  ["encoded ideographic full stop", "/%E3%80%82evil.com"],
  ["fullwidth solidus", "/\uFF0F\uFF0Fevil.com"],
  ["encoded fullwidth solidus", "/%EF%BC%8F%EF%BC%8Fevil.com"],
  ["right-to-left override", "/\u202Emoc.live//"],
  ["encoded right-to-left override", "/%E2%80%AEmoc.live//"],
  ["encoded newline in the path", "/%0A/evil.com"],
  ["encoded CR LF in the path", "/%0D%0A/evil.com"],
  ["encoded tab in the path", "/%09/evil.com"],
  ["encoded newline in the query", "/?next=%0Aevil"],
  ["bidi mark in the fragment", "/#\u202E"],
  ["broken percent-encoding", "/%ZZ"],
  ["absolute URL", "https://evil.com/"],
  ["scheme-relative with a scheme", "http:evil.com"],
  ["javascript URL", "javascript:alert(1)"],
  ["no slash", "evil.com"],
  ["empty", ""],
  ["null", null],
  ["a list (a repeated query parameter)", ["/chat", "//evil.com"]],
  ["a number", 42],
  ["very long", `/${"a".repeat(5000)}`],
];

describe("safeRedirectPath", () => {
  it.each(KEPT)("keeps %s", (path) => {
    expect(safeRedirectPath(path)).toBe(path);
  });

  it.each(REFUSED)("sends %s to /", (_name, value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });
});

describe("resolveAuthRedirect (Auth.js callbacks.redirect)", () => {
  const baseUrl = "https://chat.example.com";
  it.each([
    { url: "/chat/abc", expected: "https://chat.example.com/chat/abc" },
    { url: "https://chat.example.com/settings?x=1", expected: "https://chat.example.com/settings?x=1" },
    { url: "https://evil.com/chat", expected: "https://chat.example.com/" },
    { url: "https://chat.example.com.evil.com/", expected: "https://chat.example.com/" },
    { url: "http://chat.example.com/downgraded", expected: "https://chat.example.com/" },
    { url: "https://chat.example.com//evil.com", expected: "https://chat.example.com/" },
    { url: "https://chat.example.com/%09/evil.com", expected: "https://chat.example.com/" },
    { url: "//evil.com", expected: "https://chat.example.com/" },
    { url: "/\t/evil.com", expected: "https://chat.example.com/" },
    { url: "not a url", expected: "https://chat.example.com/" },
  ])("$url → $expected", ({ url, expected }) => {
    expect(resolveAuthRedirect({ url, baseUrl })).toBe(expected);
  });
});
