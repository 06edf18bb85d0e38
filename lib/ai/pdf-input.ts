import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ModelInfo } from "./catalog";

/**
 * PDFs as files, for models that read them natively (their catalog entry's `pdf` capability): every model gets a
 * document's extracted text (lib/documents/model-input.ts); these also get the PDF itself, with its layout, tables
 * and figures. xAI's Responses API takes PDFs only by URL or Files API id, so its models read the text.
 */
export function canReadPdf(model: Pick<ModelInfo, "capabilities">): boolean {
  return model.capabilities.pdf === true;
}

const isPdfFilePart = (part: { type: string; mediaType?: string }) => part.type === "file" && part.mediaType === "application/pdf";

/**
 * The prompt as a failover candidate can take it: one that does not read PDFs gets it without the PDF file parts
 * (their text parts stay), instead of an error from its provider.
 */
export function promptFor(model: Pick<ModelInfo, "capabilities">, prompt: LanguageModelV4Prompt): LanguageModelV4Prompt {
  if (canReadPdf(model)) return prompt;
  if (!prompt.some((message) => message.role === "user" && message.content.some(isPdfFilePart))) return prompt;
  return prompt.map((message) =>
    message.role === "user" ? { ...message, content: message.content.filter((part) => !isPdfFilePart(part)) } : message,
  );
}
