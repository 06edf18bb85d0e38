import type { DefaultSession } from "next-auth";
import type { UserType } from "@/lib/auth/user-type";

declare module "next-auth" {
  interface Session {
    user: { id: string; type: UserType } & DefaultSession["user"];
  }
  interface User {
    type?: UserType;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    id?: string;
    type?: UserType;
  }
}
