// Errors of the text form and of name resolution, each with the character range it is about.

/** One problem in a segment's text or AST, as the API reports it (in `details`) and the console shows it. */
export interface SegmentIssue {
  /** "/text" for the text form, else a JSON Pointer into the request (e.g. "/expr/args/0/tagIds/1"). */
  path: string;
  kind: "syntax" | "unknown_name" | "ambiguous_name" | "invalid_value" | "schema";
  message: string;
  /** Character range in the text (UTF-16 offsets, `to` exclusive). */
  from?: number;
  to?: number;
  /** What would have been accepted here (syntax errors). */
  expected?: string[];
  /** What was found instead. */
  found?: string;
  /** Ambiguous names: the matching items; unknown names: similar ones. */
  candidates?: Array<{ id: string; name: string; detail?: string }>;
}

export class SegmentSyntaxError extends Error {
  constructor(
    message: string,
    readonly from: number,
    readonly to: number,
    readonly expected: string[],
    readonly found: string,
  ) {
    super(message);
    this.name = "SegmentSyntaxError";
  }

  issue(): SegmentIssue {
    return {
      path: "/text",
      kind: "syntax",
      message: this.message,
      from: this.from,
      to: this.to,
      expected: this.expected,
      found: this.found,
    };
  }
}
