import { randomUUID } from "node:crypto";
import { getChat, newGuest, postChat, readUIStream, type StoredChat, userMessage } from "../support/api-client";
import { readHealth, waitForHealth } from "../support/scale-harness";
import { sendAndWaitForAnswer } from "../e2e/support";
import { expect, test } from "./fixtures";
import { countInOutput, expectSharedApiLimit } from "./support";

const OUTAGE_LINE = "redis: unreachable";
const RECOVERY_LINE = "redis: reachable again";

// The second test starts Redis again after the first stopped it.
test.describe.configure({ mode: "serial" });

test("with Redis killed, both instances stay up, health reads degraded, chats go on and limits count per instance", async ({
  page,
  scale,
}, testInfo) => {
  const outagesBefore = scale.instances.map((instance) => countInOutput(instance.output(), OUTAGE_LINE));
  await scale.redis.kill("SIGKILL");

  for (const instance of scale.instances) {
    await waitForHealth(instance.url, (health) => health.features.storage.redis === "unreachable");
    const { status, body } = await readHealth(instance.url);
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.database.connected).toBe(true);
  }

  // A user chats through nginx as before.
  await page.goto("/");
  await sendAndWaitForAnswer(page, "Is anyone still there?");
  await expect(page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.locator('[data-role="user"]')).toHaveText(["Is anyone still there?"]);
  await page.screenshot({ path: testInfo.outputPath("chat-without-redis.png"), fullPage: true });

  // And on each instance directly.
  const guest = await newGuest(scale.url);
  const chatId = randomUUID();
  for (const instance of scale.instances) {
    const response = await postChat(instance.url, guest, { id: chatId, message: userMessage(`via ${instance.name}`) });
    expect(response.status).toBe(200);
    expect((await readUIStream(response)).text).toContain("To chat with a real model");
  }
  const chat = (await (await getChat(scale.url, guest, chatId)).json()) as StoredChat;
  expect(chat.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);

  // Each instance now counts on its own: A refuses past the limit while B still has its whole allowance. (Direct to
  // the instances, the client's X-Forwarded-For is the address they go by.)
  const [a, b] = scale.instances;
  const limit = Number(scale.env.API_REQUESTS_PER_MINUTE);
  const client = { "x-forwarded-for": "198.51.100.23" };
  for (let i = 0; i < limit; i++) expect((await fetch(`${a.url}/api/chats`, { headers: client })).status).toBe(401);
  expect((await fetch(`${a.url}/api/chats`, { headers: client })).status).toBe(429);
  expect((await fetch(`${b.url}/api/chats`, { headers: client })).status).toBe(401);

  // Hundreds of requests fell back, and the outage was logged once per instance.
  scale.instances.forEach((instance, i) => {
    expect(countInOutput(instance.output(), OUTAGE_LINE), `${instance.name} logs the outage once`).toBe(outagesBefore[i]! + 1);
  });
});

test("with Redis back on its port, the instances share it again", async ({ scale }) => {
  const recoveriesBefore = scale.instances.map((instance) => countInOutput(instance.output(), RECOVERY_LINE));
  await scale.redis.start();
  for (const instance of scale.instances) {
    const health = await waitForHealth(instance.url, (body) => body.features.storage.redis === "configured");
    expect(health.status).toBe("healthy");
  }
  await expectSharedApiLimit(scale, "127.0.0.3");
  scale.instances.forEach((instance, i) => {
    expect(countInOutput(instance.output(), RECOVERY_LINE), `${instance.name} logs the recovery once`).toBe(recoveriesBefore[i]! + 1);
  });
});
