// The course machinery on small sources: markers, the lesson build's checks,
// and exercise stubs that fail naming the exercise.
import { describe, expect, it } from "vitest";
import { findRegions, MarkerError } from "../../course/markers";
import { renderLesson } from "../../course/lesson";
import { isStub, stubFile } from "../../course/exercises";

const SRC = `// frames.ts
export function alloc(): number {
  // @snippet alloc-body
  const f = free.pop();
  if (f === undefined) panic("out of frames");
  return f;
  // @end alloc-body
}

export function release(f: number): void {
  // @snippet release
  poison(f);
  // @exercise free-frame 3 "Push the frame back on the free list."
  free.push(f);
  count--;
  // @end free-frame
  // @end release
}
`;

describe("markers", () => {
  it("finds snippets and exercises with their lines, points and hints; nesting works", () => {
    const rs = findRegions("frames.ts", SRC);
    expect(rs.map((r) => [r.kind, r.name, r.startLine, r.endLine])).toEqual([
      ["snippet", "alloc-body", 3, 7], ["snippet", "release", 11, 17], ["exercise", "free-frame", 13, 16],
    ]);
    const ex = rs.find((r) => r.kind === "exercise")!;
    expect([ex.points, ex.hint, ex.body.map((l) => l.trim())]).toEqual([3, "Push the frame back on the free list.", ["free.push(f);", "count--;"]]);
    // the outer snippet's body does not contain the inner markers
    expect(rs[1].body.map((l) => l.trim())).toEqual(["poison(f);", "free.push(f);", "count--;"]);
  });

  it("reports mistakes with file and line", () => {
    const bad = (text: string) => () => findRegions("k.ts", text);
    expect(bad("// @snippet a\nx\n")).toThrow("k.ts:1: snippet 'a' is never closed with // @end a");
    expect(bad("// @snippet a\n// @end b\n")).toThrow("k.ts:2: @end b but the open region is 'a' (opened at line 1)");
    expect(bad("// @end a\n")).toThrow("k.ts:1: @end a closes nothing");
    expect(bad("// @exercise e\n// @end e\n")).toThrow(/k.ts:1: exercise 'e' needs its points/);
    expect(bad("// @snippet Bad_Name\n")).toThrow(/k.ts:1: malformed marker/);
    expect(bad("// @exercise e 1\n// @snippet s\n// @end s\n// @end e\n")).toThrow(/k.ts:2: snippet 's' is inside exercise 'e'/);
    expect(bad("// @snippet a\n// @end a\n// @snippet a\n// @end a\n")).toThrow(/snippet 'a' is defined twice/);
    expect(bad("// @snippet a\n// @end a\n")).not.toThrow();
    expect(() => findRegions("x", "// @end q")).toThrow(MarkerError);
  });
});

describe("the lesson build", () => {
  const regions = findRegions("chapters/02-memory/frames.ts", SRC);
  it("pulls snippets into the prose with a caption", () => {
    const r = renderLesson("# Frames\n\nTaking a frame:\n\n<!-- snippet: alloc-body -->\n\nGiving it back:\n<!-- snippet: release -->\n", regions);
    expect(r.problems).toEqual([]);
    expect(r.markdown).toContain("```ts\nconst f = free.pop();\nif (f === undefined) panic(\"out of frames\");\nreturn f;\n```\n<sub>chapters/02-memory/frames.ts, line 4</sub>");
  });
  it("fails on an unknown snippet and on an unused one", () => {
    const r = renderLesson("<!-- snippet: alloc-body -->\n<!-- snippet: nope -->\n", regions);
    expect(r.problems.map((p) => p.message)).toEqual([
      "README.md:2: unknown snippet 'nope' (no // @snippet nope in this chapter's sources)",
      "snippet 'release' (chapters/02-memory/frames.ts:11) is not used by the lesson: include it or remove the marker",
    ]);
  });
});

describe("exercise stubs", () => {
  it("replace the solution with a failing stub that names the exercise, keeping the markers", () => {
    const { text, exercises } = stubFile("chapters/02-memory/frames.ts", SRC);
    expect(exercises.map((e) => e.name)).toEqual(["free-frame"]);
    expect(text).toContain(`  // @exercise free-frame 3 "Push the frame back on the free list."\n  throw new Error("exercise 'free-frame' is not done yet (chapters/02-memory/frames.ts). Push the frame back on the free list.");\n  // @end free-frame`);
    expect(text).not.toContain("free.push(f)");
    const again = findRegions("chapters/02-memory/frames.ts", text).find((r) => r.kind === "exercise")!;
    expect(isStub(again)).toBe(true);
    expect(isStub(findRegions("f.ts", SRC).find((r) => r.kind === "exercise")!)).toBe(false);
    // The stubbed code still runs up to the stub, and the stub throws with the exercise's name.
    const body = text.split("\n").find((l) => l.includes("throw new Error"))!.trim();
    expect(() => new Function(body)()).toThrow("exercise 'free-frame' is not done yet");
  });
});
