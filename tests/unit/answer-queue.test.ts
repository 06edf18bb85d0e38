import { describe, expect, it } from "vitest";
import { RetryingAnswerQueue } from "@/lib/chat/answer-queue";
import type { SaveMessageInput, Store } from "@/lib/db/store";
import { AppError } from "@/lib/errors";

const answer: SaveMessageInput = { chatId: "c0ffee00-0000-4000-8000-000000000001", id: "a1", role: "assistant", parts: [{ type: "text", text: "hi" }] };

/** A store whose saveMessages fails with each of `failures` in turn, then saves. */
function storeFailing(failures: Error[]) {
  const saved: SaveMessageInput[] = [];
  let attempts = 0;
  const store = {
    async saveMessages({ messages }: { messages: SaveMessageInput[] }) {
      attempts += 1;
      const failure = failures.shift();
      if (failure) throw failure;
      saved.push(...messages);
    },
  } as unknown as Store;
  return { store, saved, attempts: () => attempts };
}

const outage = () => new AppError("database_unavailable", "down");
const quickly = { firstDelayMs: 1, maxDelayMs: 4 };

describe("RetryingAnswerQueue", () => {
  it("saves at once when the store takes the answer, without a retry notice", async () => {
    const { store, saved } = storeFailing([]);
    const queue = new RetryingAnswerQueue(async () => store, quickly);
    let notices = 0;
    await expect(queue.save(answer, { onRetrying: () => (notices += 1) })).resolves.toBe(true);
    expect(saved).toEqual([answer]);
    expect(notices).toBe(0);
  });

  it("keeps retrying through an outage, shows the answer as pending meanwhile, and forgets it once saved", async () => {
    const { store, saved, attempts } = storeFailing(Array.from({ length: 12 }, outage));
    const queue = new RetryingAnswerQueue(async () => store, quickly);
    let notices = 0;
    const pendingSeen: number[] = [];
    const saving = queue.save(answer, {
      onRetrying: () => {
        notices += 1;
        void queue.pendingForChat(answer.chatId).then((pending) => pendingSeen.push(pending.length));
      },
    });
    await expect(saving).resolves.toBe(true);
    expect(attempts()).toBe(13);
    expect(saved).toEqual([answer]);
    expect(notices).toBe(1);
    expect(pendingSeen).toEqual([1]);
    expect(await queue.pendingForChat(answer.chatId)).toEqual([]);
  });

  it("gives up at once on an answer whose chat was deleted", async () => {
    const { store, attempts } = storeFailing([new AppError("not_found", "Chat not found")]);
    const queue = new RetryingAnswerQueue(async () => store, quickly);
    await expect(queue.save(answer)).resolves.toBe(false);
    expect(attempts()).toBe(1);
  });

  it("gives up after a few attempts on a failure that is not an outage", async () => {
    const { store, attempts } = storeFailing(Array.from({ length: 20 }, () => new Error("invalid input syntax")));
    const queue = new RetryingAnswerQueue(async () => store, quickly);
    await expect(queue.save(answer)).resolves.toBe(false);
    expect(attempts()).toBe(5);
    expect(await queue.pendingForChat(answer.chatId)).toEqual([]);
  });
});
