import { NagSuppressions } from 'cdk-nag';
import type { HaDemoStack } from './ha-demo-stack.js';

/**
 * The cdk-nag AwsSolutions findings this app accepts, each on the one resource it concerns and with
 * the reason. Anything not listed here fails the tests.
 */
export function suppressExplainedFindings(stack: HaDemoStack): void {
  NagSuppressions.addResourceSuppressions(stack.loadBalancer, [
    {
      id: 'AwsSolutions-ELB2',
      reason: 'Access logs need the region\'s ELB account, which an env-agnostic stack (synthesised offline, '
        + 'no account or region) cannot name; per-target-group metrics, alarms and the dashboard cover traffic.',
    },
    {
      id: 'AwsSolutions-EC23',
      reason: 'The shop is public: HTTP on port 80 from anywhere is the load balancer\'s purpose, and the '
        + 'listener forwards only the four services\' paths (404 for anything else).',
    },
  ], true);

  NagSuppressions.addResourceSuppressions(stack.data, [{
    id: 'AwsSolutions-AEC6',
    reason: 'Redis is reachable only from the security groups of the three services that use it, over TLS. '
      + 'An AUTH token would have to sit inside REDIS_URL next to the deploy-time endpoint, which ECS secrets '
      + 'cannot compose; IAM authentication for ElastiCache users is the planned replacement.',
  }], true);

  NagSuppressions.addResourceSuppressions(stack.secrets.jwtSigningKey, [{
    id: 'AwsSolutions-SMG4',
    reason: 'Swapping the RSA signing key invalidates every token issued in the last hour, so it is a '
      + 'deliberate operator step (new PEM here, then a new deployment of user-service; README), not a '
      + 'scheduled Lambda rotation.',
  }]);
  NagSuppressions.addResourceSuppressions(stack.secrets.grafanaAdmin, [{
    id: 'AwsSolutions-SMG4',
    reason: 'A human login, changed in Grafana and here together by the operator; Secrets Manager cannot '
      + 'rotate a Grafana password itself.',
  }]);

  for (const service of Object.values(stack.services)) {
    NagSuppressions.addResourceSuppressions(service.taskDefinition, [{
      id: 'AwsSolutions-ECS2',
      reason: 'Only non-secret configuration is in the environment (port, region, table prefix, endpoints); '
        + 'the one secret, the JWT signing key, comes from Secrets Manager.',
    }]);
    NagSuppressions.addResourceSuppressions(service.taskDefinition.obtainExecutionRole(), [{
      id: 'AwsSolutions-IAM5',
      reason: 'ecr:GetAuthorizationToken has no resource-level permissions: AWS requires Resource "*" for it. '
        + 'The image pull itself is scoped to the asset repository.',
      appliesTo: ['Resource::*'],
    }], true);
    NagSuppressions.addResourceSuppressions(service.taskDefinition.taskRole, [{
      id: 'AwsSolutions-IAM5',
      reason: 'Queries on the indexes of the service\'s own table (e.g. products by category): the wildcard '
        + 'is under that one table\'s ARN.',
      appliesTo: [{ regex: '/^Resource::<Data[a-z]+Table[0-9A-F]+\\.Arn>\\/index\\/\\*$/' }],
    }], true);
  }
}
