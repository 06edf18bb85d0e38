/**
 * Answers being generated in this process, by chat id, so that Stop can end one. The browser going away does
 * not stop an answer (it is generated to the end and saved); only an explicit stop does.
 */
const globalForAnswers = globalThis as unknown as { __chatbotActiveAnswers?: Map<string, AbortController> };
const activeAnswers = (globalForAnswers.__chatbotActiveAnswers ??= new Map());

export function registerAnswer(chatId: string): AbortController {
  activeAnswers.get(chatId)?.abort();
  const controller = new AbortController();
  activeAnswers.set(chatId, controller);
  return controller;
}

export function releaseAnswer(chatId: string, controller: AbortController): void {
  if (activeAnswers.get(chatId) === controller) activeAnswers.delete(chatId);
}

/** Stops the chat's answer if this process is generating one; returns whether it was. */
export function stopAnswer(chatId: string): boolean {
  const controller = activeAnswers.get(chatId);
  if (!controller) return false;
  controller.abort();
  activeAnswers.delete(chatId);
  return true;
}
