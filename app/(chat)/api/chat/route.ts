import { requireSessionUserId } from "@/lib/auth/session";
import { MAX_CHAT_BODY_BYTES } from "@/lib/chat/limits";
import { planTurn, saveTurn } from "@/lib/chat/plan-turn";
import { streamAnswer } from "@/lib/chat/stream-answer";
import { readJsonBody } from "@/lib/http/read-json";
import { route } from "@/lib/http/route";
import { throwIfShuttingDown } from "@/lib/lifecycle/shutdown";
import { chatRequestSchema } from "./schema";

export const dynamic = "force-dynamic";
// Long answers from slow models; the default serverless limit would cut them off.
export const maxDuration = 300;

// POST /api/chat — save the user's message, then stream the model's answer
export const POST = route(async (request) => {
  // Everything that can refuse the message (input, session, ownership, model, quota, caps, files) runs before any
  // write; then one statement saves the chat and the message while the model is already asked (its answer is held
  // until that save has landed, and dropped if it fails); then the answer streams and is saved before its end.
  throwIfShuttingDown();
  const input = chatRequestSchema.parse(await readJsonBody(request, MAX_CHAT_BODY_BYTES));
  const plan = await planTurn(input, await requireSessionUserId());
  return await streamAnswer(plan, saveTurn(plan));
});
