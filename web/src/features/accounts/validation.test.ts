import { zodResolver } from "@hookform/resolvers/zod";
import { describe, expect, it } from "vitest";
import {
  bioSchema,
  emailSchema,
  loginSchema,
  nicknameSchema,
  onboardingSchema,
  passwordSchema,
  problemWith,
  profileSchema,
  signupSchema,
} from "./validation";

describe("nicknameSchema", () => {
  it.each(["별빛", "ab", "Star_Gazer 99", "제미니 페어차일드", "a".repeat(20), "가".repeat(20)])("accepts %j", (nick) => {
    expect(problemWith(nicknameSchema, nick)).toBeNull();
  });

  it.each([
    ["", "validation.required"],
    ["a", "validation.nickname.length"],
    ["a".repeat(21), "validation.nickname.length"],
    ["star!", "validation.nickname.chars"],
    ["tab\there", "validation.nickname.chars"],
    ["😀😀", "validation.nickname.chars"],
    [" lead", "validation.nickname.spaces"],
    ["trail ", "validation.nickname.spaces"],
    ["two  spaces", "validation.nickname.spaces"],
  ])("rejects %j with %s", (nick, problem) => {
    expect(problemWith(nicknameSchema, nick)).toBe(problem);
  });
});

describe("passwordSchema", () => {
  it("needs 8-128 chars with a letter and a digit", () => {
    expect(problemWith(passwordSchema, "")).toBe("validation.required");
    expect(problemWith(passwordSchema, "abc123")).toBe("validation.password.length");
    expect(problemWith(passwordSchema, "a1".repeat(65))).toBe("validation.password.length");
    expect(problemWith(passwordSchema, "abcdefgh")).toBe("validation.password.mix");
    expect(problemWith(passwordSchema, "12345678")).toBe("validation.password.mix");
    expect(problemWith(passwordSchema, "starlight42")).toBeNull();
    expect(problemWith(passwordSchema, "별빛별빛별빛12")).toBeNull();
  });
});

describe("emailSchema / bioSchema", () => {
  it("checks the obvious", () => {
    expect(problemWith(emailSchema, "")).toBe("validation.required");
    expect(problemWith(emailSchema, "   ")).toBe("validation.required");
    expect(problemWith(emailSchema, "nope")).toBe("validation.email");
    expect(problemWith(emailSchema, "a@b.co")).toBeNull();
    expect(problemWith(bioSchema, "가".repeat(255))).toBeNull();
    expect(problemWith(bioSchema, "가".repeat(256))).toBe("validation.bio.length");
  });

  it("sends the email trimmed", () => {
    expect(emailSchema.parse("  star@example.com ")).toBe("star@example.com");
  });
});

describe("the forms", () => {
  it("login needs an email and any password", () => {
    expect(loginSchema.safeParse({ email: " a@b.co ", password: "x" })).toEqual({
      success: true,
      data: { email: "a@b.co", password: "x" },
    });
    const failed = loginSchema.safeParse({ email: "nope", password: "" });
    expect(failed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["email", "validation.email"],
      ["password", "validation.required"],
    ]);
  });

  it("signup reports one problem per field", () => {
    const failed = signupSchema.safeParse({ email: "", nickname: " a", password: "short" });
    expect(failed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["email", "validation.required"],
      ["nickname", "validation.nickname.spaces"],
      ["password", "validation.password.length"],
    ]);
  });

  it("onboarding needs an avatar; the profile edit does not", () => {
    const values = { nickname: "별빛", bio: "", avatar: null };
    expect(problemWith(profileSchema, values)).toBeNull();
    expect(problemWith(onboardingSchema, values)).toBe("validation.avatar");
    expect(problemWith(onboardingSchema, { ...values, avatar: "leo" })).toBeNull();
  });
});

describe("as react-hook-form reads them", () => {
  it("gives each field its first problem as an i18n key, and the trimmed values when all pass", async () => {
    const resolve = zodResolver(signupSchema);
    const options = { fields: {}, shouldUseNativeValidation: false };
    const failed = await resolve({ email: "nope", nickname: "a", password: "abcdefgh" }, undefined, options);
    expect(Object.fromEntries(Object.entries(failed.errors).map(([k, e]) => [k, e?.message]))).toEqual({
      email: "validation.email",
      nickname: "validation.nickname.length",
      password: "validation.password.mix",
    });
    const passed = await resolve({ email: " a@b.co ", nickname: "별빛", password: "starlight42" }, undefined, options);
    expect(passed).toEqual({ values: { email: "a@b.co", nickname: "별빛", password: "starlight42" }, errors: {} });
  });
});
