import { eq, sql } from "drizzle-orm";

import { AppError } from "@/lib/errors";

import { votes } from "../schema";
import type { Vote } from "../schema";
import type { DrizzleContext, StoreInput } from "./context";

const messageNotFound = (cause: unknown) => new AppError("not_found", "Message not found", { cause });

export async function voteMessage(context: DrizzleContext, input: StoreInput<"voteMessage">): Promise<void> {
  await context.run(
    () =>
      context.db
        .insert(votes)
        .values({ chatId: input.chatId, messageId: input.messageId, isUpvoted: input.isUpvoted })
        .onConflictDoUpdate({ target: [votes.chatId, votes.messageId], set: { isUpvoted: input.isUpvoted } }),
    { foreignKey: messageNotFound },
  );
}

export async function getVotesByChatId(context: DrizzleContext, input: StoreInput<"getVotesByChatId">): Promise<Vote[]> {
  return context.run(() =>
    context.db
      .select()
      .from(votes)
      .where(eq(votes.chatId, input.chatId))
      .orderBy(sql`${votes.messageId} collate "C"`),
  );
}
