import * as avro from 'avsc';
import { compileExpression } from './entity-mapper';

export interface ReferenceProblem {
  path: string;
  position: number | undefined;
  problem: string;
}

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  stages?: { expr?: AstNode }[];
  expressions?: AstNode[];
  procedure?: AstNode;
  [key: string]: unknown;
}

/** Every field path an expression reads from the event, with the position of its last step. */
export function referencedPaths(expression: string): { path: string[]; position: number | undefined }[] {
  const found: { path: string[]; position: number | undefined }[] = [];
  const visit = (node: unknown, base: string[]): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, base));
    if (!node || typeof node !== 'object') return;
    const ast = node as AstNode;
    if (ast.type === 'path' && Array.isArray(ast.steps)) {
      const current = [...base];
      let position: number | undefined;
      let named = false;
      for (const [index, step] of ast.steps.entries()) {
        if (step.type === 'variable' && index === 0 && step.value === '') continue; // $ = the event itself
        if (step.type === 'variable') return; // a bound variable, not the event
        if (step.type !== 'name') {
          visit(step, current);
          break;
        }
        current.push(String(step.value));
        position = step.position;
        named = true;
        (step.stages ?? []).forEach((stage) => visit(stage.expr, current));
      }
      if (named) found.push({ path: current, position });
      return;
    }
    for (const [key, child] of Object.entries(ast)) if (key !== 'procedure') visit(child, base);
  };
  visit(compileExpression(expression, 'expression').ast(), []);
  return found;
}

function fieldOf(type: avro.Type, name: string): avro.Type | undefined | 'any' {
  if (type instanceof avro.types.UnwrappedUnionType || type instanceof avro.types.WrappedUnionType) {
    const branch = type.types.find((candidate) => candidate.typeName !== 'null');
    return branch ? fieldOf(branch, name) : undefined;
  }
  if (type instanceof avro.types.ArrayType) return fieldOf(type.itemsType, name);
  if (type instanceof avro.types.MapType) return 'any';
  if (type instanceof avro.types.RecordType) return type.fields.find((field) => field.name === name)?.type;
  return undefined;
}

/** Paths an expression reads that the canonical event's schema does not have (typos, renamed fields). */
export function unknownReferences(expression: string, eventType: avro.Type): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  for (const { path, position } of referencedPaths(expression)) {
    let type: avro.Type | 'any' = eventType;
    for (const [index, segment] of path.entries()) {
      if (type === 'any') break;
      const next: avro.Type | 'any' | undefined = fieldOf(type, segment);
      if (next === undefined) {
        const where = index === 0 ? String(eventType.name) : path.slice(0, index).join('.');
        problems.push({ path: path.join('.'), position, problem: `${path.join('.')} does not exist: ${where} has no field "${segment}"` });
        break;
      }
      type = next;
    }
  }
  return problems;
}
