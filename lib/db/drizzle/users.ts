import { and, eq, lt } from "drizzle-orm";

import { chats, files, users } from "../schema";
import type { User } from "../schema";
import { type DrizzleContext, emailTaken, type StoreInput } from "./context";

export async function createUser(context: DrizzleContext, input: StoreInput<"createUser">): Promise<User> {
  const [user] = await context.run(
    () =>
      context.db
        .insert(users)
        .values({
          email: input.email ? input.email.toLowerCase() : null,
          passwordHash: input.passwordHash ?? null,
          isGuest: input.isGuest,
          createdAt: new Date(),
          lastActiveAt: new Date(),
        })
        .returning(),
    { unique: emailTaken },
  );
  if (!user) throw new Error("insert into users returned no row");
  return user;
}

export async function getUserById(context: DrizzleContext, input: StoreInput<"getUserById">): Promise<User | null> {
  const [user] = await context.run(() => context.statements.userById.execute({ id: input.id }));
  return user ?? null;
}

export async function getUserByEmail(context: DrizzleContext, input: StoreInput<"getUserByEmail">): Promise<User | null> {
  const email = input.email.toLowerCase();
  const [user] = await context.run(() => context.db.select().from(users).where(eq(users.email, email)));
  return user ?? null;
}

export async function touchUser(context: DrizzleContext, input: StoreInput<"touchUser">): Promise<void> {
  await context.run(() => context.db.update(users).set({ lastActiveAt: new Date() }).where(eq(users.id, input.id)));
}

export async function registerGuest(context: DrizzleContext, input: StoreInput<"registerGuest">): Promise<User | null> {
  const [user] = await context.run(
    () =>
      context.db
        .update(users)
        .set({ email: input.email.toLowerCase(), passwordHash: input.passwordHash, isGuest: false, lastActiveAt: new Date() })
        .where(and(eq(users.id, input.id), eq(users.isGuest, true)))
        .returning(),
    { unique: emailTaken },
  );
  return user ?? null;
}

export async function updateUserPassword(context: DrizzleContext, input: StoreInput<"updateUserPassword">): Promise<boolean> {
  const updated = await context.run(() =>
    context.db.update(users).set({ passwordHash: input.passwordHash }).where(eq(users.id, input.id)).returning({ id: users.id }),
  );
  return updated.length > 0;
}

export async function mergeGuestIntoUser(context: DrizzleContext, input: StoreInput<"mergeGuestIntoUser">): Promise<number> {
  if (input.guestId === input.userId) return 0;
  return context.run(() =>
    context.db.transaction(async (tx) => {
      // Locks the guest row, so two sign-ins racing with one guest cookie cannot both move its chats.
      const [guest] = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, input.guestId), eq(users.isGuest, true)))
        .for("update");
      const [target] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
      if (!guest || !target) return 0;
      await tx.update(files).set({ userId: input.userId }).where(eq(files.userId, input.guestId));
      const moved = await tx.update(chats).set({ userId: input.userId }).where(eq(chats.userId, input.guestId)).returning({ id: chats.id });
      await tx.delete(users).where(eq(users.id, input.guestId));
      return moved.length;
    }),
  );
}

// Chats, messages, votes and linked accounts go with the user through ON DELETE CASCADE, in the one statement.
export async function deleteUserById(context: DrizzleContext, input: StoreInput<"deleteUserById">): Promise<boolean> {
  const deleted = await context.run(() => context.db.delete(users).where(eq(users.id, input.id)).returning({ id: users.id }));
  return deleted.length > 0;
}

export async function deleteIdleGuests(context: DrizzleContext, input: StoreInput<"deleteIdleGuests">): Promise<number> {
  const deleted = await context.run(() =>
    context.db
      .delete(users)
      .where(and(eq(users.isGuest, true), lt(users.lastActiveAt, input.idleSince)))
      .returning({ id: users.id }),
  );
  return deleted.length;
}
