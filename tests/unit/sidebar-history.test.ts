import { describe, expect, it } from "vitest";
import { appendChats, applyChatSaved } from "@/components/sidebar/chat-list-updates";
import { type ChatSummary, daysAgo, groupChatsByDay, validTimeZone } from "@/components/sidebar/history-groups";
import { matchShortcut } from "@/components/shortcuts/shortcut-list";

function chat(id: string, updatedAt: string, title = id): ChatSummary {
  return { id, title, visibility: "private", createdAt: updatedAt, updatedAt };
}

describe("history groups", () => {
  const now = new Date("2026-03-15T10:00:00Z");

  it("groups by calendar day in the user's time zone, keeping the order", () => {
    const chats = [
      chat("today", "2026-03-15T08:00:00Z"),
      chat("yesterday", "2026-03-14T23:00:00Z"),
      chat("week", "2026-03-09T12:00:00Z"),
      chat("month", "2026-02-20T12:00:00Z"),
      chat("older", "2025-12-01T12:00:00Z"),
    ];
    expect(groupChatsByDay(chats, now, "UTC").map((g) => [g.label, g.chats.map((c) => c.id)])).toEqual([
      ["Today", ["today"]],
      ["Yesterday", ["yesterday"]],
      ["Previous 7 days", ["week"]],
      ["Previous 30 days", ["month"]],
      ["Older", ["older"]],
    ]);
  });

  it("counts days where the user is: 23:30 UTC is already tomorrow in Tokyo and still today in New York", () => {
    const late = new Date("2026-03-14T23:30:00Z");
    expect(daysAgo(late, now, "UTC")).toBe(1);
    expect(daysAgo(late, now, "Asia/Tokyo")).toBe(0);
    expect(daysAgo(new Date("2026-03-15T03:00:00Z"), now, "America/New_York")).toBe(1);
  });

  it("puts a date from a clock ahead of ours under Today", () => {
    expect(daysAgo(new Date("2026-03-16T10:00:00Z"), now, "UTC")).toBe(0);
  });

  it("falls back to UTC for a time zone the runtime does not know", () => {
    expect(validTimeZone("Europe/Paris")).toBe("Europe/Paris");
    expect(validTimeZone("Mars/Olympus_Mons")).toBe("UTC");
    expect(validTimeZone(undefined)).toBe("UTC");
  });
});

describe("chat list updates", () => {
  const now = new Date("2026-03-15T10:00:00Z");
  const list = [chat("a", "2026-03-15T09:00:00Z", "A"), chat("b", "2026-03-14T09:00:00Z", "B")];

  it("renames a listed chat in place", () => {
    const next = applyChatSaved(list, { id: "b", title: "Bee" }, { now, isComplete: false });
    expect(next.map((c) => [c.id, c.title])).toEqual([
      ["a", "A"],
      ["b", "Bee"],
    ]);
    expect(next[1]?.updatedAt).toBe(list[1]?.updatedAt);
  });

  it("moves a bumped chat to the top with a new time", () => {
    const next = applyChatSaved(list, { id: "b", bumped: true }, { now, isComplete: false });
    expect(next.map((c) => c.id)).toEqual(["b", "a"]);
    expect(next[0]?.updatedAt).toBe(now.toISOString());
    expect(next[0]?.title).toBe("B");
  });

  it("adds a new chat first, as New chat until it has a title", () => {
    expect(applyChatSaved(list, { id: "c", bumped: true }, { now, isComplete: false })[0]).toMatchObject({ id: "c", title: "New chat" });
    expect(applyChatSaved(list, { id: "c", title: "Sea" }, { now, isComplete: true })[0]).toMatchObject({ id: "c", title: "Sea" });
  });

  it("ignores an unknown chat that was only renamed while older pages are not loaded", () => {
    expect(applyChatSaved(list, { id: "old", title: "Old" }, { now, isComplete: false })).toBe(list);
  });

  it("appends a page without repeating chats already listed", () => {
    expect(appendChats(list, [chat("b", "2026-03-14T09:00:00Z"), chat("c", "2026-03-01T09:00:00Z")]).map((c) => c.id)).toEqual(["a", "b", "c"]);
  });
});

describe("keyboard shortcuts", () => {
  const key = (init: Partial<KeyboardEvent>) =>
    ({ key: "", code: "", ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...init }) as KeyboardEvent;

  it.each([
    ["Ctrl+Shift+O", key({ key: "O", code: "KeyO", ctrlKey: true, shiftKey: true }), false, "new-chat"],
    ["⌘+Shift+O on a Mac", key({ key: "o", code: "KeyO", metaKey: true, shiftKey: true }), true, "new-chat"],
    ["Ctrl+K", key({ key: "k", code: "KeyK", ctrlKey: true }), false, "search"],
    ["Ctrl+Shift+S", key({ key: "S", code: "KeyS", ctrlKey: true, shiftKey: true }), false, "toggle-sidebar"],
    ["Ctrl+/", key({ key: "/", code: "Slash", ctrlKey: true }), false, "show-shortcuts"],
    ["Shift+Escape", key({ key: "Escape", shiftKey: true }), false, "focus-composer"],
    ["Escape", key({ key: "Escape" }), false, "stop-answer"],
    ["Ctrl+K on a Mac (⌘ is the modifier there)", key({ key: "k", code: "KeyK", ctrlKey: true }), true, null],
    ["a plain K", key({ key: "k", code: "KeyK" }), false, null],
    ["Ctrl+Alt+K", key({ key: "k", code: "KeyK", ctrlKey: true, altKey: true }), false, null],
  ])("%s", (_name, event, isMac, expected) => {
    expect(matchShortcut(event, isMac)).toBe(expected);
  });
});
