import type { ConditionNode } from './condition-parser.js';

/**
 * What a Prometheus measurement gives a condition as `result`: a list of floats
 * for an instant vector (never nil, possibly empty), one float for a scalar.
 */
export type MetricValue = readonly number[] | number;

/** A runtime error while evaluating a condition; Argo records the measurement as Error. */
export class ConditionEvalError extends Error {
  override readonly name = 'ConditionEvalError';
}

type Value = MetricValue | boolean;

function typeName(value: Value): string {
  if (Array.isArray(value)) return '[]float64';
  return typeof value === 'boolean' ? 'bool' : 'float64';
}

function number(value: Value, what: string): number {
  if (typeof value !== 'number')
    throw new ConditionEvalError(`${what} needs a number, got ${typeName(value)}`);
  return value;
}

function bool(value: Value, what: string): boolean {
  if (typeof value !== 'boolean')
    throw new ConditionEvalError(`${what} needs a bool, got ${typeName(value)}`);
  return value;
}

function index(object: Value, at: Value): number {
  if (!Array.isArray(object)) throw new ConditionEvalError(`cannot index ${typeName(object)}`);
  const i = number(at, 'an index');
  const list = object as readonly number[];
  // expr-lang counts negative indices from the end.
  const resolved = i < 0 ? list.length + i : i;
  if (!Number.isInteger(i) || resolved < 0 || resolved >= list.length) {
    throw new ConditionEvalError(`index out of range: ${i} (array length is ${list.length})`);
  }
  return list[resolved] as number;
}

function call(fn: 'len' | 'isNaN', arg: Value): Value {
  if (fn === 'len') {
    if (!Array.isArray(arg)) throw new ConditionEvalError(`invalid argument for len (type ${typeName(arg)})`);
    return arg.length;
  }
  return Number.isNaN(number(arg, 'isNaN()'));
}

function compare(op: string, left: Value, right: Value): boolean {
  if (op === '==' || op === '!=') {
    if (typeof left !== typeof right || Array.isArray(left) || Array.isArray(right)) {
      throw new ConditionEvalError(`invalid operation: ${typeName(left)} ${op} ${typeName(right)}`);
    }
    return op === '==' ? left === right : left !== right;
  }
  const a = number(left, `operator ${op}`);
  const b = number(right, `operator ${op}`);
  // NaN compares false with everything, as in Go.
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function arithmetic(op: string, left: Value, right: Value): number {
  const a = number(left, `operator ${op}`);
  const b = number(right, `operator ${op}`);
  if (op === '+') return a + b;
  if (op === '-') return a - b;
  if (op === '*') return a * b;
  return a / b;
}

function evaluate(node: ConditionNode, result: MetricValue): Value {
  switch (node.kind) {
    case 'number':
    case 'boolean':
      return node.value;
    case 'result':
      return result;
    case 'index':
      return index(evaluate(node.object, result), evaluate(node.index, result));
    case 'call':
      return call(node.fn, evaluate(node.arg, result));
    case 'unary': {
      const arg = evaluate(node.arg, result);
      return node.op === '!' ? !bool(arg, 'operator !') : -number(arg, 'operator -');
    }
    case 'binary': {
      const { op } = node;
      if (op === '&&' || op === '||') {
        // Short-circuit: `len(result) > 0 && result[0] …` never indexes an empty list.
        const left = bool(evaluate(node.left, result), `operator ${op}`);
        if (op === '&&' ? !left : left) return left;
        return bool(evaluate(node.right, result), `operator ${op}`);
      }
      const left = evaluate(node.left, result);
      const right = evaluate(node.right, result);
      if (op === '+' || op === '-' || op === '*' || op === '/') return arithmetic(op, left, right);
      return compare(op, left, right);
    }
  }
}

/** Evaluates a parsed condition against `result`; it must yield a bool, as Argo compiles with AsBool. */
export function evaluateCondition(node: ConditionNode, result: MetricValue): boolean {
  return bool(evaluate(node, result), 'a condition');
}
