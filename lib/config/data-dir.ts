import { z } from "zod";

import { optionalString } from "./fields";

export const dataDirEnvSchema = z.object({
  /** Where demo mode keeps its local state (the generated AUTH_SECRET, uploads unless UPLOAD_DIR says otherwise). */
  CHATBOT_DATA_DIR: optionalString,
});

/** CHATBOT_DATA_DIR as given (relative to the working directory), defaulting to `.chatbot`. */
export const dataDirOf = (e: z.infer<typeof dataDirEnvSchema>): string => e.CHATBOT_DATA_DIR ?? ".chatbot";
