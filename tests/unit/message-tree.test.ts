import { describe, expect, it } from "vitest";
import { prepareTurn } from "@/lib/chat/prepare-turn";
import { branchThrough, latestBranch, pathTo, versionsOf } from "@/lib/chat/message-tree";
import { composeDemoTitle } from "@/lib/chat/title";
import type { Message } from "@/lib/db/schema";
import { likePattern, snippetAround } from "@/lib/db/search-text";

type Node = { id: string; role: "user" | "assistant"; metadata: { parentId: string | null } };
const node = (id: string, role: Node["role"], parentId: string | null): Node => ({ id, role, metadata: { parentId } });

// q1 → a1, a1' (regenerated); a1 → q2 → a2; q1' (edit of q1) → a3. Oldest first.
const tree = [
  node("q1", "user", null),
  node("a1", "assistant", "q1"),
  node("q2", "user", "a1"),
  node("a2", "assistant", "q2"),
  node("a1b", "assistant", "q1"),
  node("q1b", "user", null),
  node("a3", "assistant", "q1b"),
];
const ids = (nodes: Node[]) => nodes.map((n) => n.id);

describe("message tree", () => {
  it("shows the branch that ends with the newest message", () => {
    expect(ids(latestBranch(tree))).toEqual(["q1b", "a3"]);
    expect(latestBranch([])).toEqual([]);
  });

  it("walks from the first message to any message", () => {
    expect(ids(pathTo(tree, "a2"))).toEqual(["q1", "a1", "q2", "a2"]);
    expect(pathTo(tree, "missing")).toEqual([]);
  });

  it("switching to a version continues with the newest conversation below it", () => {
    expect(ids(branchThrough(tree, "q1"))).toEqual(["q1", "a1b"]);
    expect(ids(branchThrough(tree, "a1"))).toEqual(["q1", "a1", "q2", "a2"]);
  });

  it("lists the versions of a message: same parent, same role, oldest first", () => {
    expect(ids(versionsOf(tree, tree[1]!))).toEqual(["a1", "a1b"]);
    expect(ids(versionsOf(tree, tree[0]!))).toEqual(["q1", "q1b"]);
    expect(ids(versionsOf(tree, tree[2]!))).toEqual(["q2"]);
  });

  it("survives a cycle in corrupt data instead of looping", () => {
    const cyclic = [node("x", "user", "y"), node("y", "assistant", "x")];
    expect(ids(pathTo(cyclic, "y"))).toEqual(["x", "y"]);
  });
});

const row = (id: string, role: Message["role"], parentId: string | null, text = id): Message => ({
  chatId: "c",
  id,
  parentId,
  role,
  parts: [{ type: "text", text }],
  status: "complete",
  model: null,
  inputTokens: null,
  outputTokens: null,
  costUsd: null,
  createdAt: new Date(0),
});

describe("prepareTurn", () => {
  const rows = [row("q1", "user", null), row("a1", "assistant", "q1"), row("q2", "user", "a1"), row("a2", "assistant", "q2")];
  const message = (id: string, text = "new") => ({ id, role: "user" as const, parts: [{ type: "text" as const, text }] });

  it("answers a new message from the branch it follows", () => {
    const turn = prepareTurn(rows, { message: message("q3"), parentId: "a1" });
    expect(turn.history.map((m) => m.id)).toEqual(["q1", "a1", "q3"]);
    expect(turn.newMessage).toMatchObject({ id: "q3", parentId: "a1" });
  });

  it("starts a new first version with parentId null, and follows the newest message when parentId is omitted", () => {
    expect(prepareTurn(rows, { message: message("q0"), parentId: null }).history.map((m) => m.id)).toEqual(["q0"]);
    expect(prepareTurn(rows, { message: message("q3") }).newMessage?.parentId).toBe("a2");
  });

  it("answers a saved message again from its own branch with its saved text", () => {
    const turn = prepareTurn(rows, { message: message("q2", "rewritten"), parentId: "whatever" });
    expect(turn.newMessage).toBeNull();
    expect(turn.history.map((m) => m.id)).toEqual(["q1", "a1", "q2"]);
    expect(turn.history.at(-1)?.parts).toEqual([{ type: "text", text: "q2" }]);
  });

  it("refuses an unknown parent and an answer's id", () => {
    expect(() => prepareTurn(rows, { message: message("q3"), parentId: "nope" })).toThrow(expect.objectContaining({ code: "bad_request" }));
    expect(() => prepareTurn(rows, { message: message("a1") })).toThrow(expect.objectContaining({ code: "conflict" }));
  });
});

describe("search text", () => {
  it("escapes LIKE wildcards", () => {
    expect(likePattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });

  it("cuts a snippet around the match on one line", () => {
    const text = `${"word ".repeat(30)}the NEEDLE is here\nand then ${"more ".repeat(40)}`;
    const snippet = snippetAround(text, "needle");
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("the NEEDLE is here and then");
    expect(snippetAround("short needle", "needle")).toBe("short needle");
  });
});

describe("demo titles", () => {
  it("keeps the first significant words in title case", () => {
    expect(composeDemoTitle("Please explain the history of the Roman aqueducts")).toBe("Explain History Roman Aqueducts");
    expect(composeDemoTitle("what is it?")).toBe("What Is It");
    expect(composeDemoTitle("???")).toBe("New chat");
  });
});
