// What the console sends for a welcome message: optional fields left empty are not sent (the API would
// refuse an empty picture URL), fields of another attachment type are dropped, text is kept as typed.
import { describe, expect, it } from "vitest";
import { isEmptyWelcome, toWelcomeContent } from "./welcomeContent.ts";

describe("welcome content", () => {
  it("drops empty optional fields and fields that belong to another type", () => {
    expect(
      toWelcomeContent({
        text: "你好 {customer_name}",
        attachments: [
          {
            type: "link",
            title: " 新人礼 ",
            url: "https://shop.example.com/gift",
            picUrl: "",
            desc: undefined,
          },
          // The type was switched from link to file after typing a title: only the file's field is sent.
          { type: "file", title: "old", mediaId: "MEDIA_1" },
          { type: "image", picUrl: "https://img.example.com/a.png", mediaId: "  " },
        ],
      }),
    ).toEqual({
      text: "你好 {customer_name}",
      attachments: [
        { type: "link", title: "新人礼", url: "https://shop.example.com/gift" },
        { type: "file", mediaId: "MEDIA_1" },
        { type: "image", picUrl: "https://img.example.com/a.png" },
      ],
    });
  });

  it("knows a message with neither text nor attachments is empty", () => {
    expect(isEmptyWelcome({ text: "  ", attachments: [] })).toBe(true);
    expect(isEmptyWelcome({ text: "", attachments: [{ type: "file", mediaId: "m" }] })).toBe(false);
  });
});
