import { describe, expect, it } from "vitest";
import type { SegmentExpr } from "../../../api/index.ts";
import { emptyTerm, fromExpr, nodeForPath, toExpr, updateNode } from "./model.ts";

describe("segment builder model", () => {
  const expr: SegmentExpr = {
    op: "and",
    args: [
      {
        op: "or",
        args: [
          { term: "tag", match: "any", tagIds: ["a"] },
          { term: "stage", stages: ["new"] },
        ],
      },
      { op: "not", arg: { term: "tag", match: "all", tagIds: ["b", "c"] } },
      { term: "orderCount", cmp: ">=", value: 2 },
    ],
  };

  it("round-trips an AST through the builder tree", () => {
    expect(toExpr(fromExpr(expr)).expr).toEqual(expr);
    expect(toExpr(fromExpr({ term: "lastOrder", days: 3 })).expr).toEqual({ term: "lastOrder", days: 3 });
  });

  it("leaves out incomplete rows and collapses one-child groups", () => {
    let root = fromExpr(expr);
    const or = root.children[0]!;
    root = updateNode(root, or.key, (n) =>
      n.kind === "group"
        ? {
            ...n,
            children: [...n.children, { kind: "row", key: "x", negate: false, term: emptyTerm("city") }],
          }
        : n,
    );
    expect(toExpr(root).expr).toEqual(expr);
    root = updateNode(root, root.children[2]!.key, () => null);
    root = updateNode(root, root.children[1]!.key, () => null);
    expect(toExpr(root).expr).toEqual(expr.op === "and" ? expr.args[0] : null);
  });

  it("maps an error path to the row it came from", () => {
    const root = fromExpr(expr);
    const { paths } = toExpr(root);
    const notRow = root.children[1]!;
    expect(nodeForPath(paths, "/expr/args/1/arg/tagIds/1")).toBe(notRow.key);
    const orGroup = root.children[0];
    expect(orGroup?.kind === "group" && nodeForPath(paths, "/expr/args/0/args/1/stages/0")).toBe(
      orGroup?.kind === "group" ? orGroup.children[1]!.key : "",
    );
  });
});
