import jsep from 'jsep';

/**
 * A minimal evaluator for the subset of expr-lang the analysis conditions use
 * (`len`, `isNaN`, indexing, comparisons, `&&`, `!`), faithful where it
 * matters: indexing past the end throws, as in expr-lang, which Argo records
 * as a measurement Error.
 */
export function evaluate(expression: string, result: number[]): boolean {
  // biome-ignore lint/suspicious/noExplicitAny: jsep nodes are untyped unions
  const ev = (n: any): any => {
    switch (n.type) {
      case 'Literal':
        return n.value;
      case 'Identifier':
        if (n.name !== 'result') throw new Error(`unknown identifier ${n.name}`);
        return result;
      case 'MemberExpression': {
        const list = ev(n.object);
        const index = ev(n.property);
        if (index >= list.length)
          throw new Error(`index out of range: ${index} (array length is ${list.length})`);
        return list[index];
      }
      case 'CallExpression': {
        const arg = ev(n.arguments[0]);
        if (n.callee.name === 'len') return arg.length;
        if (n.callee.name === 'isNaN') return Number.isNaN(arg);
        throw new Error(`unknown function ${n.callee.name}`);
      }
      case 'UnaryExpression':
        if (n.operator !== '!') throw new Error(`unknown operator ${n.operator}`);
        return !ev(n.argument);
      case 'BinaryExpression': {
        if (n.operator === '&&') return ev(n.left) && ev(n.right);
        const [l, r] = [ev(n.left), ev(n.right)];
        const ops: Record<string, (a: number, b: number) => boolean> = {
          '>': (a, b) => a > b,
          '>=': (a, b) => a >= b,
          '<': (a, b) => a < b,
          '<=': (a, b) => a <= b,
        };
        const op = ops[n.operator];
        if (!op) throw new Error(`unknown operator ${n.operator}`);
        return op(l, r);
      }
      default:
        throw new Error(`unsupported expression ${n.type}`);
    }
  };
  return Boolean(ev(jsep(expression)));
}

/** Argo's phase for one measurement: failure wins, an exception is an Error, neither true is Inconclusive. */
export function phase(
  conditions: { successCondition: string; failureCondition: string },
  result: number[],
): string {
  try {
    if (evaluate(conditions.failureCondition, result)) return 'Failed';
    if (evaluate(conditions.successCondition, result)) return 'Successful';
    return 'Inconclusive';
  } catch {
    return 'Error';
  }
}
