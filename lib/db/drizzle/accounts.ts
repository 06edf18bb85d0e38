import { and, asc, eq, sql } from "drizzle-orm";

import { accounts, users } from "../schema";
import type { Account, User } from "../schema";
import { type DrizzleContext, type StoreInput, userNotFound } from "./context";

export async function getUserByAccount(context: DrizzleContext, input: StoreInput<"getUserByAccount">): Promise<User | null> {
  const [row] = await context.run(() =>
    context.db
      .select({ user: users })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(and(eq(accounts.provider, input.provider), eq(accounts.providerAccountId, input.providerAccountId))),
  );
  return row?.user ?? null;
}

export async function linkAccount(context: DrizzleContext, input: StoreInput<"linkAccount">): Promise<Account> {
  const key = and(eq(accounts.provider, input.provider), eq(accounts.providerAccountId, input.providerAccountId));
  const [existing] = await context.run(() => context.db.select().from(accounts).where(key));
  if (existing) return existing;
  const [inserted] = await context.run(
    () =>
      context.db
        .insert(accounts)
        .values({ provider: input.provider, providerAccountId: input.providerAccountId, userId: input.userId, createdAt: new Date() })
        .onConflictDoNothing({ target: [accounts.provider, accounts.providerAccountId] })
        .returning(),
    { foreignKey: userNotFound },
  );
  if (inserted) return inserted;
  // Another sign-in linked it between the two statements: that link stands.
  const [winner] = await context.run(() => context.db.select().from(accounts).where(key));
  if (!winner) throw new Error("account link vanished after a conflicting insert");
  return winner;
}

export async function listAccountsByUserId(context: DrizzleContext, input: StoreInput<"listAccountsByUserId">): Promise<Account[]> {
  return context.run(() =>
    context.db
      .select()
      .from(accounts)
      .where(eq(accounts.userId, input.userId))
      .orderBy(asc(accounts.createdAt), sql`${accounts.provider} collate "C"`, sql`${accounts.providerAccountId} collate "C"`),
  );
}
