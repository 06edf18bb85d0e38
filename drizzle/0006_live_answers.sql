ALTER TABLE "chats" ADD COLUMN "active_stream_id" text;--> statement-breakpoint
ALTER TABLE "chats" ADD COLUMN "active_stream_expires_at" timestamp with time zone;