/** The tiers the app distinguishes; quotas and model access hang off these. */
export type UserType = "guest" | "regular";
