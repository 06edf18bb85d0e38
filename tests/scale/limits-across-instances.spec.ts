import { randomUUID } from "node:crypto";
import { newGuest, postChat, readUIStream, userMessage } from "../support/api-client";
import { expect, test } from "./fixtures";
import { expectSharedApiLimit } from "./support";

test("the guest message quota holds across both instances", async ({ scale }) => {
  const [a, b] = scale.instances;
  const quota = Number(scale.env.GUEST_MESSAGES_PER_DAY);
  const guest = await newGuest(scale.url);
  const chatId = randomUUID();
  // Alternating A, B, A, ...: each instance alone has seen fewer than the quota.
  for (let i = 0; i < quota; i++) {
    const instance = scale.instances[i % 2]!;
    const response = await postChat(instance.url, guest, { id: chatId, message: userMessage(`message ${i + 1} via ${instance.name}`) });
    expect(response.status, `message ${i + 1} via ${instance.name}`).toBe(200);
    await readUIStream(response);
  }
  for (const instance of [a, b]) {
    const refused = await postChat(instance.url, guest, { id: chatId, message: userMessage(`one too many via ${instance.name}`) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("quota_exceeded");
    expect(body.error.message).toContain(`today's ${quota} messages`);
  }
});

test("the per-IP API limit is hit at the same count as with one instance", async ({ scale }) => {
  await expectSharedApiLimit(scale, "127.0.0.2");
});
