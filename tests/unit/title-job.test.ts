import { describe, expect, it } from "vitest";
import { createModelRegistry } from "@/lib/ai/registry";
import { createTitleJob } from "@/lib/chat/title-job";
import { composeDemoTitle } from "@/lib/chat/title";
import { loadConfig } from "@/lib/config";
import { MemoryStore } from "@/lib/db/memory-store";

const demo = createModelRegistry(loadConfig({}, { readDevSecret: () => "a-generated-development-secret" }));

/** A store whose title saves wait until the test lets them land. */
class HeldTitleStore extends MemoryStore {
  private releases: (() => void)[] = [];
  saves = 0;
  override async updateChatTitle(input: { chatId: string; userId: string; title: string }): Promise<boolean> {
    this.saves += 1;
    await new Promise<void>((resolve) => this.releases.push(resolve));
    return super.updateChatTitle(input);
  }
  release(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

describe("createTitleJob", () => {
  it("hands over the title's cost before its save lands, and is done only once the title is saved and sent", async () => {
    const store = new HeldTitleStore();
    const user = await store.createUser({ isGuest: true });
    const chatId = crypto.randomUUID();
    await store.createChat({ id: chatId, userId: user.id, title: "provisional" });
    const sent: string[] = [];
    const job = createTitleJob({ registry: demo, store, chatId, userId: user.id, firstMessage: "How do tides work?", onTitle: (title) => sent.push(title) });

    let isDone = false;
    job.start();
    const done = job.done().then(() => {
      isDone = true;
    });
    // The answer's save need not wait: the cost (none in demo mode) is known while the title's save is held.
    await expect(job.usage()).resolves.toBeNull();
    await expect.poll(() => store.saves).toBe(1);
    expect(isDone).toBe(false);
    expect(sent).toEqual([]);

    store.release();
    await done;
    expect(sent).toEqual([composeDemoTitle("How do tides work?")]);
    expect((await store.getChatById({ id: chatId }))?.title).toBe(composeDemoTitle("How do tides work?"));
  });

  it("costs nothing and is done at once when it was never started", async () => {
    const job = createTitleJob({ registry: demo, store: new MemoryStore(), chatId: crypto.randomUUID(), userId: "u", firstMessage: "x", onTitle: () => {} });
    await expect(job.usage()).resolves.toBeNull();
    await expect(job.done()).resolves.toBeUndefined();
  });
});
