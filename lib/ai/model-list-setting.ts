import { invalidVariable } from "@/lib/config/error";

/** One entry of a `*_MODELS` variable: a provider's model id and the label the model picker shows. */
export type CustomModelSetting = { id: string; label: string };

/** "llama3.1:8b=Llama 3.1 8B, qwen2.5" → [{ id: "llama3.1:8b", label: "Llama 3.1 8B" }, { id: "qwen2.5", label: "qwen2.5" }] */
export function parseCustomModels(raw: string): CustomModelSetting[] {
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const separator = entry.indexOf("=");
      if (separator === -1) return { id: entry, label: entry };
      const id = entry.slice(0, separator).trim();
      const label = entry.slice(separator + 1).trim();
      return { id, label: label || id };
    })
    .filter((model) => model.id.length > 0);
}

/** XAI_MODELS / OPENAI_MODELS: unset keeps the built-in list; set, it must name at least one model. */
export function parseModelListOverride(variable: string, raw: string | undefined): CustomModelSetting[] | undefined {
  if (raw === undefined) return undefined;
  const models = parseCustomModels(raw);
  if (models.length === 0) throw invalidVariable(variable, "list at least one model id (e.g. model-id=Label)");
  return models;
}
