ALTER TABLE "files" ADD COLUMN "attached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "text" text;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "page_count" integer;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "char_count" integer;--> statement-breakpoint
ALTER TABLE "files" ADD COLUMN "truncated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Files already sent before this migration: their sending time is unknown, their upload time is close enough.
UPDATE "files" SET "attached_at" = "created_at" WHERE "chat_id" IS NOT NULL;
