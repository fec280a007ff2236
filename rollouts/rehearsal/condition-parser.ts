import jsep from 'jsep';

/**
 * The subset of expr-lang (Argo Rollouts' condition language) the rehearsal
 * evaluates: `result`, `len()`, `isNaN()`, indexing, `!`, unary `-`, `&&`,
 * `||`, comparisons, arithmetic, numbers and booleans. Anything else is
 * rejected when the plan is built, naming the construct and its position.
 */
export type ConditionNode = Positioned &
  (
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'result' }
    | { readonly kind: 'index'; readonly object: ConditionNode; readonly index: ConditionNode }
    | { readonly kind: 'call'; readonly fn: ConditionFunction; readonly arg: ConditionNode }
    | { readonly kind: 'unary'; readonly op: '!' | '-'; readonly arg: ConditionNode }
    | {
        readonly kind: 'binary';
        readonly op: BinaryOperator;
        readonly left: ConditionNode;
        readonly right: ConditionNode;
      }
  );

interface Positioned {
  /** Offset of the node's first character in the condition text. */
  readonly start: number;
}

export const CONDITION_FUNCTIONS = ['len', 'isNaN'] as const;
export type ConditionFunction = (typeof CONDITION_FUNCTIONS)[number];

export const BINARY_OPERATORS = ['&&', '||', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'] as const;
export type BinaryOperator = (typeof BINARY_OPERATORS)[number];

/** A condition the rehearsal cannot evaluate: a syntax error or a construct outside the subset. */
export class UnsupportedConditionError extends Error {
  override readonly name = 'UnsupportedConditionError';
  constructor(
    readonly condition: string,
    readonly construct: string,
    readonly position: number,
  ) {
    super(`condition "${condition}": ${construct} at position ${position} is not supported by the rehearsal`);
  }
}

type Tracked = jsep.Expression & { __start?: number };
type Tracker = jsep.HookScope & { __starts?: number[] };

// jsep reports no node positions; these hooks record where each token starts.
// Numeric literals skip the after-token hook, so their starts are not pushed.
jsep.hooks.add('gobble-token', function (this: Tracker) {
  const ch = this.code;
  if ((ch >= 48 && ch <= 57) || ch === 46) return;
  this.__starts ??= [];
  this.__starts.push(this.index);
});
jsep.hooks.add('after-token', function (this: Tracker, env) {
  const start = this.__starts?.pop();
  if (env.node && start !== undefined) (env.node as Tracked).__start ??= start;
});

function positionOf(node: jsep.Expression, text: string, fallback: number): number {
  const start = (node as Tracked).__start;
  if (start !== undefined) return start;
  if (node.type === 'Literal') {
    const at = text.indexOf(String((node as jsep.Literal).raw), fallback);
    return at >= 0 ? at : fallback;
  }
  return fallback;
}

/** Parses an Argo success/failure condition into the rehearsal's AST, or throws {@link UnsupportedConditionError}. */
export function parseCondition(text: string): ConditionNode {
  let tree: jsep.Expression;
  try {
    tree = jsep(text);
  } catch (error) {
    const { description, index } = error as { description?: string; index?: number };
    throw new UnsupportedConditionError(text, `syntax error (${description ?? String(error)})`, index ?? 0);
  }
  return convert(tree, text, 0);
}

function convert(node: jsep.Expression, text: string, near: number): ConditionNode {
  const start = positionOf(node, text, near);
  const reject = (construct: string, at = start): never => {
    throw new UnsupportedConditionError(text, construct, at);
  };
  switch (node.type) {
    case 'Literal': {
      const { value, raw } = node as jsep.Literal;
      if (typeof value === 'number') return { kind: 'number', value, start };
      if (typeof value === 'boolean') return { kind: 'boolean', value, start };
      return reject(`literal ${raw}`);
    }
    case 'Identifier': {
      const { name } = node as jsep.Identifier;
      return name === 'result' ? { kind: 'result', start } : reject(`identifier "${name}"`);
    }
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      if (!member.computed) return reject('property access (.)', text.indexOf('.', start));
      const object = convert(member.object, text, start);
      return { kind: 'index', object, index: convert(member.property, text, start), start };
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const callee = call.callee as jsep.Identifier;
      const fn = CONDITION_FUNCTIONS.find((f) => callee.type === 'Identifier' && f === callee.name);
      if (!fn)
        return reject(`call of ${callee.type === 'Identifier' ? `${callee.name}()` : 'an expression'}`);
      if (call.arguments.length !== 1) return reject(`${fn}() with ${call.arguments.length} arguments`);
      return { kind: 'call', fn, arg: convert(call.arguments[0] as jsep.Expression, text, start), start };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      if (unary.operator !== '!' && unary.operator !== '-') return reject(`operator ${unary.operator}`);
      return { kind: 'unary', op: unary.operator, arg: convert(unary.argument, text, start + 1), start };
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      const left = convert(binary.left, text, near);
      const opAt = text.indexOf(binary.operator, left.start);
      if (!(BINARY_OPERATORS as readonly string[]).includes(binary.operator)) {
        return reject(`operator ${binary.operator}`, opAt);
      }
      const right = convert(binary.right, text, opAt + binary.operator.length);
      return { kind: 'binary', op: binary.operator as BinaryOperator, left, right, start: left.start };
    }
    default:
      return reject(describe(node.type));
  }
}

function describe(type: string): string {
  const names: Record<string, string> = {
    ConditionalExpression: 'conditional (?:)',
    ArrayExpression: 'array literal',
    Compound: 'more than one expression',
    SequenceExpression: 'sequence (,)',
    ThisExpression: 'this',
  };
  return names[type] ?? type;
}
