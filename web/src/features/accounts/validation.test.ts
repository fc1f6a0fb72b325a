import { describe, expect, it } from "vitest";
import { bioProblem, emailProblem, nicknameProblem, passwordProblem } from "./validation";

describe("nicknameProblem", () => {
  it.each(["별빛", "ab", "Star_Gazer 99", "제미니 페어차일드", "a".repeat(20), "가".repeat(20)])("accepts %j", (nick) => {
    expect(nicknameProblem(nick)).toBeNull();
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
    expect(nicknameProblem(nick)).toBe(problem);
  });
});

describe("passwordProblem", () => {
  it("needs 8-128 chars with a letter and a digit", () => {
    expect(passwordProblem("")).toBe("validation.required");
    expect(passwordProblem("abc123")).toBe("validation.password.length");
    expect(passwordProblem("a1".repeat(65))).toBe("validation.password.length");
    expect(passwordProblem("abcdefgh")).toBe("validation.password.mix");
    expect(passwordProblem("12345678")).toBe("validation.password.mix");
    expect(passwordProblem("starlight42")).toBeNull();
    expect(passwordProblem("별빛별빛별빛12")).toBeNull();
  });
});

describe("emailProblem / bioProblem", () => {
  it("checks the obvious", () => {
    expect(emailProblem("")).toBe("validation.required");
    expect(emailProblem("nope")).toBe("validation.email");
    expect(emailProblem("a@b.co")).toBeNull();
    expect(bioProblem("가".repeat(255))).toBeNull();
    expect(bioProblem("가".repeat(256))).toBe("validation.bio.length");
  });
});
