import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Aspects, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HaDemoStack } from './ha-demo-stack.js';
import { suppressExplainedFindings } from './nag-suppressions.js';

export interface HaDemoApp {
  readonly app: App;
  readonly stack: HaDemoStack;
}

/**
 * The app as `cdk synth` and the tests build it: one env-agnostic stack, checked by cdk-nag's
 * AwsSolutions pack (an unexplained finding is an error annotation, which fails synth and tests).
 */
export function createHaDemoApp(props: AppProps = {}, options: { suppressFindings?: boolean } = {}): HaDemoApp {
  // The tests build the app without the CLI: give them cdk.json's feature flags too, so they check
  // the template that `cdk synth` and `cdk deploy` produce.
  const { context } = JSON.parse(readFileSync(path.resolve(__dirname, '../cdk.json'), 'utf8'));
  const app = new App({ ...props, context: { ...context, ...props.context } });
  const stack = new HaDemoStack(app, 'HaDemo', {
    servicesDirectory: path.resolve(__dirname, '../../services'),
    description: 'HA-Demo shop: four services on ECS Fargate behind an ALB, DynamoDB, ElastiCache Redis',
  });
  if (options.suppressFindings ?? true) suppressExplainedFindings(stack);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return { app, stack };
}
