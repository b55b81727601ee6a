// What the user reads when something fails, and how validation failures land on form fields.
import { describe, expect, it } from "vitest";
import en from "../i18n/en.ts";
import zhCN from "../i18n/zh-CN.ts";
import { ApiError } from "./client.ts";
import { errorText, fieldErrors } from "./errors.ts";

function translator(messages: { errors: Record<string, string> }) {
  const lookup = (key: string) => (key.startsWith("errors.") ? messages.errors[key.slice(7)] : undefined);
  return { t: (key: string) => lookup(key) ?? key, exists: (key: string) => lookup(key) !== undefined };
}

describe("errorText", () => {
  it("translates a known code in the current language", () => {
    const error = new ApiError(401, "INVALID_CREDENTIALS", "Invalid username or password");
    expect(errorText(error, translator(zhCN))).toBe("用户名或密码错误");
    expect(errorText(error, translator(en))).toBe("Wrong username or password");
  });

  it("falls back to the server's message for a code the console does not know", () => {
    const error = new ApiError(409, "SOMETHING_NEW", "Something new happened");
    expect(errorText(error, translator(zhCN))).toBe("Something new happened");
  });

  it("never shows a raw exception", () => {
    expect(errorText(new TypeError("x is undefined"), translator(en))).toBe("Something went wrong");
  });
});

describe("fieldErrors", () => {
  const failed = (details: unknown) => new ApiError(400, "VALIDATION_FAILED", "invalid", details);

  it("reads the server's issues with JSON-pointer paths", () => {
    const error = failed([
      { path: "/aesKey", message: "aesKey (EncodingAESKey) is 43 letters or digits" },
      { path: "/apiBase", message: "Invalid URL" },
    ]);
    expect(fieldErrors(error)).toEqual([
      { field: "aesKey", message: "aesKey (EncodingAESKey) is 43 letters or digits" },
      { field: "apiBase", message: "Invalid URL" },
    ]);
  });

  it("reads zod-style issues", () => {
    expect(fieldErrors(failed([{ path: ["aesKey"], message: "must be 43 characters" }]))).toEqual([
      { field: "aesKey", message: "must be 43 characters" },
    ]);
  });

  it("reads a flattened fieldErrors map and a plain map", () => {
    expect(fieldErrors(failed({ fieldErrors: { name: ["required"] } }))).toEqual([
      { field: "name", message: "required" },
    ]);
    expect(fieldErrors(failed({ corpId: "taken" }))).toEqual([{ field: "corpId", message: "taken" }]);
  });

  it("ignores other errors", () => {
    expect(
      fieldErrors(new ApiError(401, "INVALID_CREDENTIALS", "x", [{ path: ["a"], message: "b" }])),
    ).toEqual([]);
  });
});
