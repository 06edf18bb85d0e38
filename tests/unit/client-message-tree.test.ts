import { describe, expect, it } from "vitest";
import { branchThrough } from "@/lib/chat/message-tree";
import type { ChatMessage } from "@/lib/chat/types";
import { mergeBranch, openingBranch, versionsInBranch } from "@/components/chat/use-message-tree";

function message(id: string, role: "user" | "assistant", parentId?: string | null): ChatMessage {
  return { id, role, parts: [{ type: "text", text: id }], ...(parentId === undefined ? {} : { metadata: { parentId } }) };
}

describe("client message tree", () => {
  it("keeps explicit parents, so a chat opens on the branch of its newest message", () => {
    const all = [message("u1", "user", null), message("a1", "assistant", "u1"), message("u1b", "user", null), message("a1b", "assistant", "u1b")];
    expect(openingBranch(all).map((m) => m.id)).toEqual(["u1b", "a1b"]);
  });

  it("files streamed messages under the message before them and counts the versions on screen", () => {
    const seen = new Map([message("u1", "user", null), message("a1", "assistant", "u1")].map((m) => [m.id, m]));
    // A regeneration: the branch on screen now ends with a new answer to u1.
    const branch = [message("u1", "user"), message("a2", "assistant")];
    const tree = [...mergeBranch(seen, branch).values()];
    expect(tree.map((m) => [m.id, m.metadata?.parentId])).toEqual([
      ["u1", null],
      ["a1", "u1"],
      ["a2", "u1"],
    ]);
    const versions = versionsInBranch(tree, branch);
    expect(versions.get("a2")).toEqual({ index: 1, count: 2, previousId: "a1", nextId: null });
    expect(versions.has("u1")).toBe(false);
    expect(branchThrough(tree, "a1").map((m) => m.id)).toEqual(["u1", "a1"]);
  });

  it("takes the newest content of a message from the branch without moving it", () => {
    const seen = new Map([message("u1", "user", null), message("a1", "assistant", "u1")].map((m) => [m.id, m]));
    const streamed: ChatMessage = { ...message("a1", "assistant"), parts: [{ type: "text", text: "longer" }] };
    const tree = [...mergeBranch(seen, [message("u1", "user"), streamed]).values()];
    expect(tree.map((m) => m.id)).toEqual(["u1", "a1"]);
    expect(tree[1]?.parts).toEqual([{ type: "text", text: "longer" }]);
  });
});
