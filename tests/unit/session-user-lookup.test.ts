import { describe, expect, it, vi } from "vitest";
import { lookUpSessionUser, withSessionUserLookup } from "@/lib/auth/session-user-lookup";
import { getStore } from "@/lib/db";

describe("lookUpSessionUser", () => {
  it("asks the store once within one session read (the jwt callback's check and getSessionUser's read), every time outside", async () => {
    const store = await getStore();
    const user = await store.createUser({ isGuest: true });
    const lookups = vi.spyOn(store, "getUserById");

    const [first, second] = await withSessionUserLookup(async () => [await lookUpSessionUser(user.id), await lookUpSessionUser(user.id)]);
    expect(first?.id).toBe(user.id);
    expect(second).toBe(first);
    expect(lookups).toHaveBeenCalledTimes(1);

    await lookUpSessionUser(user.id);
    await lookUpSessionUser(user.id);
    expect(lookups).toHaveBeenCalledTimes(3);
  });

  it("keeps the answer that the user is gone, and asks again for another user", async () => {
    const store = await getStore();
    const other = await store.createUser({ isGuest: true });
    const lookups = vi.spyOn(store, "getUserById");
    await withSessionUserLookup(async () => {
      expect(await lookUpSessionUser("00000000-0000-4000-8000-000000000000")).toBeNull();
      expect(await lookUpSessionUser("00000000-0000-4000-8000-000000000000")).toBeNull();
      expect((await lookUpSessionUser(other.id))?.id).toBe(other.id);
    });
    expect(lookups).toHaveBeenCalledTimes(2);
  });
});
