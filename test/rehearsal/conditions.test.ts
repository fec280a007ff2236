import { describe, expect, it } from 'vitest';
import { guardedConditions } from '../../rollouts/conditions.js';
import { ConditionEvalError, evaluateCondition } from '../../rollouts/rehearsal/condition-eval.js';
import { parseCondition, UnsupportedConditionError } from '../../rollouts/rehearsal/condition-parser.js';
import { assessMeasurement, type Conditions, metricValue } from '../../rollouts/rehearsal/measurement.js';

const evaluate = (text: string, result: readonly number[] | number) =>
  evaluateCondition(parseCondition(text), result);

function conditions(success?: string, failure?: string): Conditions {
  return {
    ...(success ? { success: parseCondition(success) } : {}),
    ...(failure ? { failure: parseCondition(failure) } : {}),
  };
}

describe('parseCondition', () => {
  it('when a condition uses the supported subset, then it parses', () => {
    expect(parseCondition('len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.95')).toMatchObject({
      kind: 'binary',
      op: '&&',
    });
    expect(parseCondition('result[0] * 100 - 1 < 5 || -result[0] / 2 != 1 == true')).toMatchObject({
      kind: 'binary',
      op: '||',
    });
  });

  it.each([
    ['result.value > 1', 'property access (.)', 6],
    ['result[0] >= threshold', 'identifier "threshold"', 13],
    ['asInt(result) > 1', 'call of asInt()', 0],
    ['len(result, 1) > 0', 'len() with 2 arguments', 0],
    ['result[0] % 2 == 1', 'operator %', 10],
    ['result[0] === 1', 'operator ===', 10],
    ['~result[0] > 1', 'operator ~', 0],
    ['result[0] > 1 ? true : false', 'conditional (?:)', 0],
    ['result == "up"', 'literal "up"', 10],
    ['result[0] > 1 && [1][0] > 0', 'array literal', 17],
    ['result[0] > (1, 2)', 'sequence (,)', 12],
    ['this > 1', 'this', 0],
    ['result[0] > null', 'literal null', 12],
    ['(result)(1)', 'call of result()', 0],
    ['result[0](1)', 'call of an expression', 0],
  ])('when a condition uses %j, then it is rejected naming %s at %i', (text, construct, position) => {
    let caught: unknown;
    try {
      parseCondition(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnsupportedConditionError);
    expect(caught).toMatchObject({ construct, position });
    expect((caught as Error).message).toBe(
      `condition "${text}": ${construct} at position ${position} is not supported by the rehearsal`,
    );
  });

  it('when a condition is not an expression, then the syntax error names the position', () => {
    expect(() => parseCondition('result[0] >= ')).toThrow(/syntax error \(Expected expression after >=\)/);
    expect(() => parseCondition('result[0] >= 1 result')).toThrow(/more than one expression/);
    expect(() => parseCondition('len(result')).toThrow(/at position 10/);
  });
});

describe('evaluateCondition (expr-lang semantics)', () => {
  it('when result is a vector, then len, indexing and comparisons work on its floats', () => {
    expect(evaluate('len(result) == 2 && result[1] > result[0]', [0.5, 0.9])).toBe(true);
    expect(evaluate('result[-1] == 0.9', [0.5, 0.9])).toBe(true);
    expect(evaluate('result[0] * 100 >= 95 && result[0] + 1 - 1 / 2 <= 1.5', [0.95])).toBe(true);
    expect(evaluate('-result[0] < 0 && !(result[0] != 0.95) && true', [0.95])).toBe(true);
  });

  it('when result is a scalar, then it compares directly and len() is an error', () => {
    expect(evaluate('result >= 0.95', 0.99)).toBe(true);
    expect(() => evaluate('len(result) > 0', 0.99)).toThrow('invalid argument for len (type float64)');
    expect(() => evaluate('result[0] > 0', 0.99)).toThrow('cannot index float64');
  });

  it('when result is empty, then result[0] is an index error, guarded access is false', () => {
    expect(() => evaluate('result[0] >= 0.95', [])).toThrow(
      new ConditionEvalError('index out of range: 0 (array length is 0)'),
    );
    expect(() => evaluate('result[1] >= 0.95', [1])).toThrow(/index out of range: 1/);
    expect(() => evaluate('result[0.5] >= 0.95', [1])).toThrow(/index out of range: 0.5/);
    expect(evaluate('len(result) > 0 && result[0] >= 0.95', [])).toBe(false);
    expect(evaluate('len(result) == 0 || result[0] >= 0.95', [])).toBe(true);
  });

  it('when the value is NaN, then every comparison is false and isNaN is true', () => {
    expect(evaluate('result[0] >= 0.95', [Number.NaN])).toBe(false);
    expect(evaluate('result[0] < 0.95', [Number.NaN])).toBe(false);
    expect(evaluate('result[0] == result[0]', [Number.NaN])).toBe(false);
    expect(evaluate('isNaN(result[0])', [Number.NaN])).toBe(true);
  });

  it('when operands have the wrong type, then it is an evaluation error', () => {
    expect(() => evaluate('result[0]', [1])).toThrow('a condition needs a bool, got float64');
    expect(() => evaluate('result && true', [1])).toThrow('operator && needs a bool, got []float64');
    expect(() => evaluate('true || result[0]', [1])).not.toThrow();
    expect(() => evaluate('false || result[0]', [1])).toThrow('operator || needs a bool, got float64');
    expect(() => evaluate('!result[0]', [1])).toThrow('operator ! needs a bool');
    expect(() => evaluate('-(result[0] > 1)', [1])).toThrow('operator - needs a number, got bool');
    expect(() => evaluate('result == 1', [1])).toThrow('invalid operation: []float64 == float64');
    expect(() => evaluate('true == 1', [1])).toThrow('invalid operation: bool == float64');
    expect(() => evaluate('result > 1', [1])).toThrow('operator > needs a number, got []float64');
    expect(() => evaluate('isNaN(result)', [1])).toThrow('isNaN() needs a number, got []float64');
    expect(() => evaluate('result[true] > 1', [1])).toThrow('an index needs a number, got bool');
    expect(() => evaluate('result * 2 > 1', [1])).toThrow('operator * needs a number');
  });
});

describe('assessMeasurement (Argo EvaluateResult)', () => {
  const guarded = guardedConditions('at-least', 0.95);
  const both = conditions(guarded.successCondition, guarded.failureCondition);

  it('when the guarded pair sees a good value, then Successful; a bad value, then Failed', () => {
    expect(assessMeasurement(both, [0.99])).toEqual({ phase: 'Successful' });
    expect(assessMeasurement(both, [0.95])).toEqual({ phase: 'Successful' });
    expect(assessMeasurement(both, [0.8])).toEqual({ phase: 'Failed' });
  });

  it('when the guarded pair sees no series or NaN, then Inconclusive (neither true)', () => {
    expect(assessMeasurement(both, [])).toEqual({ phase: 'Inconclusive' });
    expect(assessMeasurement(both, [Number.NaN])).toEqual({ phase: 'Inconclusive' });
  });

  it('when an unguarded condition indexes an empty result, then Error, not Failed', () => {
    expect(assessMeasurement(conditions('result[0] >= 0.95'), [])).toEqual({
      phase: 'Error',
      message: 'index out of range: 0 (array length is 0)',
    });
    expect(assessMeasurement(conditions(undefined, 'result[0] < 0.95'), []).phase).toBe('Error');
  });

  it('when only successCondition is set, then anything not true is Failed (NaN included)', () => {
    const only = conditions('result[0] >= 0.95');
    expect(assessMeasurement(only, [0.99]).phase).toBe('Successful');
    expect(assessMeasurement(only, [0.5]).phase).toBe('Failed');
    expect(assessMeasurement(only, [Number.NaN]).phase).toBe('Failed');
  });

  it('when only failureCondition is set, then anything not true is Successful (NaN included)', () => {
    const only = conditions(undefined, 'result[0] < 0.95');
    expect(assessMeasurement(only, [0.5]).phase).toBe('Failed');
    expect(assessMeasurement(only, [Number.NaN]).phase).toBe('Successful');
  });

  it('when both conditions are true, then failure wins', () => {
    expect(assessMeasurement(conditions('result[0] > 0', 'result[0] > 0.5'), [0.9]).phase).toBe('Failed');
  });

  it('when both are false, then Inconclusive; with no conditions, Successful', () => {
    expect(assessMeasurement(conditions('result[0] > 1', 'result[0] < 0'), [0.5]).phase).toBe('Inconclusive');
    expect(assessMeasurement({}, []).phase).toBe('Successful');
  });

  it('when Prometheus returns a vector or a scalar, then result is a list of floats or a float', () => {
    expect(metricValue({ type: 'vector', samples: [] })).toEqual([]);
    expect(metricValue({ type: 'vector', samples: [{ labels: {}, value: 0.5 }] })).toEqual([0.5]);
    expect(metricValue({ type: 'scalar', value: Number.NaN })).toBeNaN();
  });
});
