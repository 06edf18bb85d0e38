import "server-only";
import type { User } from "@/lib/db/schema";
import type { Store } from "@/lib/db/store";
import { getDummyHash, verifyPassword } from "./password";

/**
 * The registered user with this email and password, or null. Unknown emails, guests and wrong passwords all cost
 * one scrypt verification, so the answer and its timing are the same.
 */
export async function verifyCredentials(store: Store, email: string, password: string): Promise<User | null> {
  const user = await store.getUserByEmail({ email });
  const hash = user && !user.isGuest && user.passwordHash ? user.passwordHash : await getDummyHash();
  const matches = await verifyPassword(password, hash);
  return matches && user && !user.isGuest && user.passwordHash ? user : null;
}
