ALTER TABLE "messages" ADD COLUMN "parent_id" text;--> statement-breakpoint
-- Chats saved before messages had parents were linear: each message follows the one before it.
UPDATE "messages" AS m SET "parent_id" = ordered."previous_id"
FROM (
  SELECT "chat_id", "id", lag("id") OVER (PARTITION BY "chat_id" ORDER BY "created_at", "id" COLLATE "C") AS "previous_id"
  FROM "messages"
) AS ordered
WHERE m."chat_id" = ordered."chat_id" AND m."id" = ordered."id" AND ordered."previous_id" IS NOT NULL;
