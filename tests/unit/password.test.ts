import { describe, expect, it } from "vitest";
import { registerSchema, signInSchema } from "@/lib/auth/credentials";
import { getDummyHash, hashPassword, verifyPassword } from "@/lib/auth/password";

describe("password hashing", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("treats canonically equal Unicode passwords as equal", async () => {
    const hash = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", hash)).toBe(true);
  });

  it("rejects malformed stored hashes instead of throwing", async () => {
    for (const stored of ["", "bcrypt$x", "scrypt$1$2$3", "plain-text"]) expect(await verifyPassword("x", stored)).toBe(false);
  });

  it("keeps one dummy hash per process for unknown emails", async () => {
    expect(await getDummyHash()).toBe(await getDummyHash());
  });
});

describe("credential schemas", () => {
  it("lower-cases and trims emails", () => {
    expect(registerSchema.parse({ email: "  Ada@Example.COM ", password: "12345678" }).email).toBe("ada@example.com");
  });

  const invalid: { name: string; input: unknown; field: string }[] = [
    { name: "a missing email", input: { password: "12345678" }, field: "email" },
    { name: "a malformed email", input: { email: "ada", password: "12345678" }, field: "email" },
    { name: "a short password", input: { email: "a@b.co", password: "1234567" }, field: "password" },
    { name: "a huge password", input: { email: "a@b.co", password: "x".repeat(129) }, field: "password" },
  ];
  for (const testCase of invalid) {
    it(`rejects ${testCase.name} on registration, naming the field`, () => {
      const result = registerSchema.safeParse(testCase.input);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(testCase.field);
    });
  }

  it("does not apply the length rule when signing in", () => {
    expect(signInSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
    expect(signInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
  });
});
