import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { ShopService } from './shop-service.js';

export interface ObservabilityProps {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly services: Record<string, ShopService>;
  readonly dashboardName: string;
}

/** A minute is CloudWatch's finest free resolution for load balancer metrics. */
const PERIOD = Duration.minutes(1);
/** HighErrorRate's "and rate > 0.5 req/s": below 30 requests a minute a single 5xx is not an outage. */
const MIN_REQUESTS_PER_MINUTE = 30;

/**
 * CloudWatch alarms named after the Prometheus alert rules (stack/prometheus/rules/alerts.yml) and a
 * dashboard with the panels of the Grafana "HA Architecture Overview", both from metrics that AWS
 * records anyway (ALB, target groups, ECS), so nothing has to scrape the services' /metrics.
 */
export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const lb = props.loadBalancer;
    const entries = Object.entries(props.services);

    for (const [name, { targetGroup }] of entries) {
      const tg = targetGroup.metrics;
      this.alarm(`ServiceDown-${name}`, 'critical', `No replica of ${name} passes its health check.`,
        tg.healthyHostCount({ period: PERIOD, statistic: 'Minimum' }),
        { threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, breach: true });
      this.alarm(`ReplicaDown-${name}`, 'warning', `A replica of ${name} fails its health check.`,
        tg.unhealthyHostCount({ period: PERIOD, statistic: 'Maximum' }),
        { threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD });
      this.alarm(`HighErrorRate-${name}`, 'critical', `More than 1 % of ${name}'s requests answered with 5xx.`,
        new cloudwatch.MathExpression({
          label: `${name} 5xx ratio`,
          expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, errors / requests, 0)`,
          usingMetrics: {
            errors: tg.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, statistic: 'Sum' }),
            requests: tg.requestCount({ period: PERIOD, statistic: 'Sum' }),
          },
          period: PERIOD,
        }),
        { threshold: 0.01, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
      this.alarm(`HighLatencyP95-${name}`, 'warning', `95th percentile latency of ${name} is above 100 ms.`,
        tg.targetResponseTime({ period: PERIOD, statistic: 'p95' }),
        { threshold: 0.1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });
    }
    this.alarm('LoadBalancerErrorRate', 'critical',
      'More than 1 % of the requests through the load balancer answered with 5xx.',
      new cloudwatch.MathExpression({
        label: 'load balancer 5xx ratio',
        expression: `IF(requests >= ${MIN_REQUESTS_PER_MINUTE}, (elb + target) / requests, 0)`,
        usingMetrics: {
          elb: lb.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: PERIOD, statistic: 'Sum' }),
          target: lb.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD, statistic: 'Sum' }),
          requests: lb.metrics.requestCount({ period: PERIOD, statistic: 'Sum' }),
        },
        period: PERIOD,
      }),
      { threshold: 0.01, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD });

    this.dashboard = this.buildDashboard(props);
  }

  private alarm(
    name: string,
    severity: 'critical' | 'warning',
    description: string,
    metric: cloudwatch.IMetric,
    rule: { threshold: number; comparisonOperator: cloudwatch.ComparisonOperator; breach?: boolean },
  ): void {
    this.alarms.push(new cloudwatch.Alarm(this, name, {
      alarmName: `ha-demo-${name}`,
      alarmDescription: `[${severity}] ${description}`,
      metric,
      threshold: rule.threshold,
      comparisonOperator: rule.comparisonOperator,
      // Prometheus' `for: 6s`/`10s` become one evaluated minute: the finest ALB resolution.
      evaluationPeriods: 1,
      // No data from a target group means no healthy target reported: that is the outage itself.
      treatMissingData: rule.breach ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
  }

  private buildDashboard(props: ObservabilityProps): cloudwatch.Dashboard {
    const lb = props.loadBalancer.metrics;
    const entries = Object.entries(props.services);
    const perService = (metric: (s: ShopService) => cloudwatch.IMetric) => entries.map(([, s]) => metric(s));
    const labelled = (name: string, statistic: string, make: (o: cloudwatch.MetricOptions) => cloudwatch.Metric) =>
      make({ period: PERIOD, statistic, label: name });

    const dashboard = new cloudwatch.Dashboard(this, 'Overview', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(1),
    });
    dashboard.addWidgets(new cloudwatch.TextWidget({
      markdown: '## Live: what the audience sees', width: 24, height: 1,
    }));
    dashboard.addWidgets(
      new cloudwatch.SingleValueWidget({
        title: 'Service health (healthy replicas)', width: 8, height: 4,
        metrics: entries.map(([name, s]) =>
          labelled(name, 'Minimum', (o) => s.targetGroup.metrics.healthyHostCount(o))),
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Load balancer (requests/min)', width: 4, height: 4,
        metrics: [lb.requestCount({ period: PERIOD, statistic: 'Sum' })],
      }),
      new cloudwatch.SingleValueWidget({
        title: 'p95 latency (load balancer)', width: 4, height: 4,
        metrics: [lb.targetResponseTime({ period: PERIOD, statistic: 'p95' })],
      }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alerts', width: 8, height: 4, alarms: this.alarms }),
    );
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Traffic and latency', width: 24, height: 1 }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Requests per minute: services and load balancer', width: 12,
        left: [
          ...entries.map(([name, s]) => labelled(name, 'Sum', (o) => s.targetGroup.metrics.requestCount(o))),
          lb.requestCount({ period: PERIOD, statistic: 'Sum', label: 'load balancer' }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Latency p50 / p95 / p99 per service', width: 12,
        left: entries.flatMap(([name, s]) => ['p50', 'p95', 'p99'].map((p) =>
          labelled(`${name} ${p}`, p, (o) => s.targetGroup.metrics.targetResponseTime(o)))),
      }),
      new cloudwatch.GraphWidget({
        title: 'Error rate per service (5xx / requests)', width: 12,
        left: entries.map(([name, s], i) => new cloudwatch.MathExpression({
          label: name,
          expression: `errors${i} / MAX([requests${i}, 1])`,
          usingMetrics: {
            [`errors${i}`]: s.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT,
              { period: PERIOD, statistic: 'Sum' }),
            [`requests${i}`]: s.targetGroup.metrics.requestCount({ period: PERIOD, statistic: 'Sum' }),
          },
          period: PERIOD,
        })),
      }),
    );
    dashboard.addWidgets(new cloudwatch.TextWidget({ markdown: '## Resilience', width: 24, height: 1 }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Replicas over time (running tasks)', width: 12,
        left: perService((s) => new cloudwatch.Metric({
          namespace: 'ECS/ContainerInsights',
          metricName: 'RunningTaskCount',
          dimensionsMap: { ClusterName: s.service.cluster.clusterName, ServiceName: s.service.serviceName },
          period: PERIOD,
          statistic: 'Average',
          label: s.node.id,
        })),
      }),
      new cloudwatch.GraphWidget({
        title: 'CPU per service (drives auto scaling)', width: 12,
        left: perService((s) => s.service.metricCpuUtilization({ period: PERIOD, label: s.node.id })),
      }),
    );
    return dashboard;
  }
}
