import { and, eq, inArray, sql } from "drizzle-orm";

import { newFileColumns } from "../file-columns";
import { files } from "../schema";
import type { FileRecord } from "../schema";
import { type DrizzleContext, type StoreInput, userNotFound } from "./context";

export async function createFile(context: DrizzleContext, input: StoreInput<"createFile">): Promise<FileRecord> {
  const [file] = await context.run(() => context.db.insert(files).values(newFileColumns(input)).returning(), { foreignKey: userNotFound });
  if (!file) throw new Error("insert returned no row");
  return file;
}

export async function getFileById(context: DrizzleContext, input: StoreInput<"getFileById">): Promise<FileRecord | null> {
  const [file] = await context.run(() => context.db.select().from(files).where(eq(files.id, input.id)));
  return file ?? null;
}

export async function getFilesByIds(context: DrizzleContext, input: StoreInput<"getFilesByIds">): Promise<FileRecord[]> {
  const ids = [...new Set(input.ids)];
  if (ids.length === 0) return [];
  return context.run(() => context.db.select().from(files).where(inArray(files.id, ids)));
}

export async function attachFilesToChat(context: DrizzleContext, input: StoreInput<"attachFilesToChat">): Promise<boolean> {
  const ids = [...new Set(input.fileIds)];
  if (ids.length === 0) return true;
  const rollback = new Error("not every file can be attached");
  try {
    await context.run(() =>
      context.db.transaction(async (tx) => {
        const attached = await tx
          .update(files)
          .set({ chatId: input.chatId, attachedAt: sql`coalesce(${files.attachedAt}, now())` })
          .where(
            and(
              inArray(files.id, ids),
              eq(files.userId, input.userId),
              sql`(${files.chatId} is null or ${files.chatId} = ${input.chatId}::uuid)`,
            ),
          )
          .returning({ id: files.id });
        if (attached.length !== ids.length) throw rollback;
      }),
    );
    return true;
  } catch (error) {
    if (error === rollback) return false;
    throw error;
  }
}

export async function deleteOrphanFiles(context: DrizzleContext, input: StoreInput<"deleteOrphanFiles">): Promise<FileRecord[]> {
  return context.run(() =>
    context.db
      .delete(files)
      .where(
        sql`${files.userId} is null or (${files.chatId} is null and (${files.attachedAt} is not null or ${files.createdAt} < ${input.unattachedBefore.toISOString()}::timestamptz))`,
      )
      .returning(),
  );
}
