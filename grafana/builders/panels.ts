import {
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  VisibilityMode,
  VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  MappingType,
  QueryVariableBuilder,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelinePanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  DASHBOARD_VARIABLES,
  type LabelValuesQuery,
  labelValues,
  type PanelQuery,
  VARIABLE_QUERIES,
} from '../../rollouts/promql/index.js';

/**
 * Every panel and query points at the `datasource` variable, never at a UID
 * from someone's Grafana: the dashboard imports anywhere.
 */
export const DATASOURCE_REF = { type: 'prometheus', uid: `\${${DASHBOARD_VARIABLES.datasource}}` } as const;

/** Colour steps: the base colour, then one step per threshold. */
export type Steps = readonly Threshold[];

/** Red below `value`, green from it (a good value is at least the threshold). */
export function redBelow(value: number): Steps {
  return [
    { value: null, color: 'red' },
    { value, color: 'green' },
  ];
}

/** Green below `value`, red from it (a good value is at most the threshold). */
export function redAbove(value: number): Steps {
  return [
    { value: null, color: 'green' },
    { value, color: 'red' },
  ];
}

function targets(queries: readonly PanelQuery[]): DataqueryBuilder[] {
  return queries.map((q, i) =>
    new DataqueryBuilder()
      .datasource(DATASOURCE_REF)
      .expr(q.expr)
      .legendFormat(q.legend)
      .refId(String.fromCharCode(65 + i)),
  );
}

const thresholds = (steps: Steps) =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([...steps]);

/** What a panel shows and how it is drawn. */
export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly queries: readonly PanelQuery[];
  readonly unit: string;
  readonly span: { readonly w: number; readonly h: number };
  /** Lowest value of the axis (stat panels; time series always start at 0). */
  readonly min?: number;
  readonly max?: number;
  /** Threshold steps; on a time series they are drawn as a dashed line. */
  readonly steps?: Steps;
}

/**
 * A time series panel with a list legend, starting at 0 (every series here is a
 * rate, ratio, duration or size); thresholds, when given, drawn as a dashed line.
 */
export function timeseries(spec: PanelSpec): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE_REF)
    .unit(spec.unit)
    .min(0)
    .height(spec.span.h)
    .span(spec.span.w)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom),
    );
  for (const t of targets(spec.queries)) panel.withTarget(t);
  if (spec.max !== undefined) panel.max(spec.max);
  if (spec.steps) {
    panel
      .thresholds(thresholds(spec.steps))
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return panel;
}

/** A stat panel showing the last value of each series, coloured by its thresholds. */
export function stat(spec: PanelSpec): StatPanelBuilder {
  const panel = new StatPanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE_REF)
    .unit(spec.unit)
    .height(spec.span.h)
    .span(spec.span.w)
    .thresholds(thresholds(spec.steps ?? [{ value: null, color: 'blue' }]));
  for (const t of targets(spec.queries)) panel.withTarget(t);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  return panel;
}

/** A `label_values()` variable on the datasource variable, refreshed with the time range. */
export function queryVariable(name: string, label: string, q: LabelValuesQuery): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE_REF)
    .query(labelValues(q))
    .definition(labelValues(q))
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

/** One named state of a state timeline: the value, its text and colour. */
export interface StateSpec {
  readonly value: number;
  readonly text: string;
  readonly color: string;
}

/**
 * A state timeline, one row per series: each value shown as its named state
 * (e.g. a breaker's closed/half-open/open) rather than as a number.
 */
export function stateTimeline(spec: Omit<PanelSpec, 'unit' | 'steps'> & { states: readonly StateSpec[] }) {
  const panel = new StateTimelinePanelBuilder()
    .title(spec.title)
    .description(spec.description)
    .datasource(DATASOURCE_REF)
    .height(spec.span.h)
    .span(spec.span.w)
    .showValue(VisibilityMode.Never)
    .mappings([
      {
        type: MappingType.ValueToText,
        options: Object.fromEntries(
          spec.states.map((s, index) => [String(s.value), { text: s.text, color: s.color, index }]),
        ),
      },
    ]);
  for (const t of targets(spec.queries)) panel.withTarget(t);
  return panel;
}

/**
 * The variables every dashboard starts with: `datasource` (type prometheus, as
 * in kube-prometheus-stack), then namespace and metrics Service read from
 * `app_info` (one series per process, so never empty while a pod runs).
 */
export function standardVariables(): (DatasourceVariableBuilder | QueryVariableBuilder)[] {
  return [
    new DatasourceVariableBuilder(DASHBOARD_VARIABLES.datasource).label('Data source').type('prometheus'),
    queryVariable(DASHBOARD_VARIABLES.namespace, 'Namespace', VARIABLE_QUERIES.namespace),
    queryVariable(DASHBOARD_VARIABLES.service, 'Metrics Service', VARIABLE_QUERIES.service),
  ];
}
