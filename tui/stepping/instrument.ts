// Kernel stepping, part 1: instrument a chapter's TypeScript so the kernel
// can be paused between any two statements (ARCHITECTURE.md, "Stepping
// through the kernel's TypeScript").
//
// For every function with a block body, the transform inserts
//
//   - at its start:      const __fr = __minosEnter(SITE, () => ({ params })); try {
//   - at its end:        } finally { __minosLeave(__fr); }
//   - before each statement inside it:
//                        __minosStep(SITE, () => ({ locals in scope so far }));
//
// and records a *site* for each: file, line, column, function name. The
// insertions never add a line break, so every statement keeps its line
// number: the debugger shows the chapter's own file, line for line, with no
// source map to go wrong. A statement that is the unbraced body of an `if`,
// `else` or loop gets braces around it (on the same line) so the step call
// stays inside the branch.
//
// The locals closure is only called when the kernel actually pauses, and it
// names only variables declared *before* the statement (a `let` further down
// the block is in its temporal dead zone and would throw).

import ts from "typescript";

export interface Site {
  id: number;
  file: string;
  /** 1-based line and column in the original source. */
  line: number;
  column: number;
  /** The enclosing function's name ("walk", "Pager.fault", "<anonymous>"). */
  fn: string;
  kind: "enter" | "stmt";
}

interface Insert { pos: number; text: string; order: number }

export interface Instrumented { code: string; sites: Site[] }

/** Instrument one TypeScript source. Site ids start at `firstId` (ids are unique across a build). */
export function instrument(file: string, text: string, firstId = 0): Instrumented {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const inserts: Insert[] = [];
  const sites: Site[] = [];
  let order = 0;

  const site = (node: ts.Node, fn: string, kind: Site["kind"]): number => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    const id = firstId + sites.length;
    sites.push({ id, file, line: line + 1, column: character + 1, fn, kind });
    return id;
  };
  const add = (pos: number, t: string) => inserts.push({ pos, text: t, order: order++ });
  const capture = (names: string[]) => `() => ({ ${names.join(", ")} })`;

  /** Instrument the statements of a block (or case clause) with `scope` visible on entry. */
  function statements(list: readonly ts.Statement[], fn: string, scope: string[]): void {
    const visible = [...scope];
    for (const st of list) {
      if (!ts.isFunctionDeclaration(st) && !ts.isEmptyStatement(st)) {
        add(st.getStart(sf), `__minosStep(${site(st, fn, "stmt")}, ${capture(visible)}); `);
      }
      inside(st, fn, visible);
      visible.push(...declaredBy(st));
    }
  }

  /** A statement in a position without a block (if/else/loop body): brace it, then instrument it. */
  function braced(st: ts.Statement, fn: string, scope: string[]): void {
    if (ts.isBlock(st)) { statements(st.statements, fn, scope); return; }
    add(st.getStart(sf), `{ __minosStep(${site(st, fn, "stmt")}, ${capture(scope)}); `);
    inside(st, fn, scope);
    add(st.getEnd(), " }");
  }

  /** Walk into a statement's nested blocks and functions. */
  function inside(node: ts.Node, fn: string, scope: string[]): void {
    if (ts.isIfStatement(node)) {
      expressions(node.expression, fn, scope);
      braced(node.thenStatement, fn, scope);
      if (node.elseStatement) {
        if (ts.isIfStatement(node.elseStatement)) inside(node.elseStatement, fn, scope);
        else braced(node.elseStatement, fn, scope);
      }
      return;
    }
    if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const head = ts.isForStatement(node) ? node.initializer : node.initializer;
      const loopVars = head && ts.isVariableDeclarationList(head) ? head.declarations.flatMap((d) => bindingNames(d.name)) : [];
      ts.forEachChild(node, (c) => { if (c !== node.statement) expressions(c, fn, scope); });
      braced(node.statement, fn, [...scope, ...loopVars]);
      return;
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      expressions(node.expression, fn, scope);
      braced(node.statement, fn, scope);
      return;
    }
    if (ts.isBlock(node)) { statements(node.statements, fn, scope); return; }
    if (ts.isSwitchStatement(node)) {
      expressions(node.expression, fn, scope);
      for (const clause of node.caseBlock.clauses) statements(clause.statements, fn, scope);
      return;
    }
    if (ts.isTryStatement(node)) {
      statements(node.tryBlock.statements, fn, scope);
      if (node.catchClause) {
        const v = node.catchClause.variableDeclaration;
        statements(node.catchClause.block.statements, fn, v ? [...scope, ...bindingNames(v.name)] : scope);
      }
      if (node.finallyBlock) statements(node.finallyBlock.statements, fn, scope);
      return;
    }
    if (ts.isLabeledStatement(node)) { inside(node.statement, fn, scope); return; }
    expressions(node, fn, scope);
  }

  /** Find functions nested in expressions (callbacks, arrow functions) and instrument them. */
  function expressions(node: ts.Node, fn: string, scope: string[]): void {
    if (isFunctionWithBody(node)) { func(node, scope, fn); return; }
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      for (const m of node.members) if (isFunctionWithBody(m)) func(m, scope, node.name?.text ?? fn);
      return;
    }
    ts.forEachChild(node, (c) => expressions(c, fn, scope));
  }

  function func(node: FunctionWithBody, outer: string[], outerFn: string): void {
    const name = functionName(node, outerFn);
    const params = node.parameters.flatMap((p) => bindingNames(p.name));
    const body = node.body;
    const open = body.getStart(sf) + 1;                       // just after `{`
    add(open, ` const __fr = __minosEnter(${site(node, name, "enter")}, ${capture(params)}); try {`);
    statements(body.statements, name, [...outer.filter((n) => !params.includes(n)), ...params]);
    add(body.getEnd() - 1, ` } finally { __minosLeave(__fr); } `);
  }

  for (const st of sf.statements) expressions(st, "<module>", []);

  // Apply from the end so positions stay valid; at one position, keep insertion order.
  inserts.sort((a, b) => b.pos - a.pos || b.order - a.order);
  let code = text;
  for (const i of inserts) code = code.slice(0, i.pos) + i.text + code.slice(i.pos);
  return { code, sites };
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Block };

function isFunctionWithBody(n: ts.Node): n is FunctionWithBody {
  return (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)
    || ts.isConstructorDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n))
    && n.body !== undefined && ts.isBlock(n.body);
}

function functionName(n: FunctionWithBody, outer: string): string {
  if (n.name && ts.isIdentifier(n.name)) return n.name.text;
  if (ts.isConstructorDeclaration(n)) return "constructor";
  const p = n.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  return `${outer === "<module>" ? "" : outer + "/"}<anonymous>`;
}

/** The names a binding pattern declares (`{ a, b: [c] }` -> a, c). */
function bindingNames(n: ts.BindingName): string[] {
  if (ts.isIdentifier(n)) return [n.text];
  return n.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** Data names a statement declares in its block (functions are code, not locals worth showing). */
function declaredBy(st: ts.Statement): string[] {
  if (ts.isVariableStatement(st)) return st.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  return [];
}
