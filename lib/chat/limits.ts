/** A chat request carries one new message; history is loaded server-side, so this bounds a single message. */
export const MAX_CHAT_BODY_BYTES = 512 * 1024;
/** Longest text a user may send in one message (a long paste, not a book). */
export const MAX_MESSAGE_CHARS = 100_000;
export const MAX_TITLE_CHARS = 80;
