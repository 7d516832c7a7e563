import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { createHaDemoApp } from '../lib/app.js';
import { HEALTH_CHECK_PATH, SERVICES } from '../lib/catalogue.js';

type Resource = { Type: string; Properties: Record<string, any> };

let template: Template;
let resources: Record<string, Resource>;
let annotations: Annotations;
let assemblyDirectory: string;

before(() => {
  // Synth must not need Docker (images are built by `cdk deploy` only): any docker call would fail here.
  process.env.CDK_DOCKER = '/nonexistent/docker';
  const { app, stack } = createHaDemoApp();
  template = Template.fromStack(stack);
  assemblyDirectory = app.synth().directory;
  annotations = Annotations.fromStack(stack);
  resources = template.toJSON().Resources;
});

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalIdOf = (value: unknown) => (value as any)?.['Fn::GetAtt']?.[0] ?? (value as any)?.Ref;
const taskDefinitionOf = (service: string) => {
  const found = ofType('AWS::ECS::TaskDefinition')
    .find(([, r]) => r.Properties.ContainerDefinitions[0].Name === service);
  assert.ok(found, `task definition of ${service}`);
  return found[1].Properties;
};

describe('network and compute', () => {
  it('spreads public and private subnets over two availability zones', () => {
    const zones = (isPublic: boolean) => new Set(ofType('AWS::EC2::Subnet')
      .filter(([, r]) => r.Properties.MapPublicIpOnLaunch === isPublic)
      .map(([, r]) => JSON.stringify(r.Properties.AvailabilityZone)));
    assert.equal(zones(true).size, 2);
    assert.equal(zones(false).size, 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  it('runs each of the four services on Fargate with at least two tasks, rolling back failed deployments', () => {
    const services = ofType('AWS::ECS::Service');
    assert.deepEqual(services.map(([, r]) => r.Properties.ServiceName).sort(), SERVICES.map((s) => s.name).sort());
    for (const [, { Properties: p }] of services) {
      assert.equal(p.LaunchType, 'FARGATE');
      assert.ok(p.DesiredCount >= 2, `${p.ServiceName} desired count ${p.DesiredCount}`);
      assert.equal(p.DeploymentConfiguration.MinimumHealthyPercent, 100);
      assert.deepEqual(p.DeploymentConfiguration.DeploymentCircuitBreaker, { Enable: true, Rollback: true });
      assert.equal(p.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, 'DISABLED');
    }
  });

  it('builds each image from the service\'s own Dockerfile, from source, at deploy time only', () => {
    const manifest = JSON.parse(readFileSync(path.join(assemblyDirectory, 'HaDemo.assets.json'), 'utf8'));
    const images = Object.values(manifest.dockerImages) as { source: { directory: string; dockerBuildArgs: object } }[];
    const contexts = images.map((image) => readdirSync(path.join(assemblyDirectory, image.source.directory)));
    assert.equal(images.length, 4);
    for (const image of images) assert.deepEqual(image.source.dockerBuildArgs, { ARTIFACT_SOURCE: 'source' });
    for (const files of contexts) {
      assert.ok(files.includes('Dockerfile'));
      assert.ok(!files.includes('target') && !files.includes('build'), 'build output stays out of the context');
    }
  });
});

describe('load balancer', () => {
  it('routes HAProxy\'s paths to each service and checks /health/ready', () => {
    const targetGroups = ofType('AWS::ElasticLoadBalancingV2::TargetGroup');
    const rules = ofType('AWS::ElasticLoadBalancingV2::ListenerRule');
    for (const spec of SERVICES) {
      const rule = rules.find(([, r]) => JSON.stringify(r.Properties.Conditions).includes(`"${spec.pathPrefix}/*"`));
      assert.ok(rule, `rule for ${spec.pathPrefix}`);
      assert.deepEqual(rule[1].Properties.Conditions[0].PathPatternConfig.Values, [spec.pathPrefix, `${spec.pathPrefix}/*`]);
      const targetGroupId = logicalIdOf(rule[1].Properties.Actions[0].TargetGroupArn);
      const targetGroup = targetGroups.find(([id]) => id === targetGroupId)![1].Properties;
      assert.equal(targetGroup.Port, spec.port);
      assert.equal(targetGroup.HealthCheckPath, HEALTH_CHECK_PATH);
      assert.equal(targetGroup.TargetType, 'ip');
    }
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
  });
});

describe('auto scaling', () => {
  it('tracks CPU and requests per target for every service, never below two tasks', () => {
    const targets = ofType('AWS::ApplicationAutoScaling::ScalableTarget');
    assert.equal(targets.length, 4);
    for (const [id, { Properties: p }] of targets) {
      assert.ok(p.MinCapacity >= 2 && p.MaxCapacity > p.MinCapacity);
      const metrics = ofType('AWS::ApplicationAutoScaling::ScalingPolicy')
        .filter(([, r]) => r.Properties.ScalingTargetId?.Ref === id)
        .map(([, r]) => r.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType)
        .sort();
      assert.deepEqual(metrics, ['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
    }
  });
});

describe('data stores', () => {
  it('keeps four on-demand tables with point-in-time recovery, products indexed by category', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    assert.deepEqual(tables.map(([, r]) => r.Properties.TableName).sort(),
      ['ha-demo-analytics', 'ha-demo-orders', 'ha-demo-products', 'ha-demo-users']);
    for (const [, { Properties: p }] of tables) {
      assert.equal(p.BillingMode, 'PAY_PER_REQUEST');
      assert.deepEqual(p.PointInTimeRecoverySpecification, { PointInTimeRecoveryEnabled: true });
    }
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'ha-demo-products',
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({
        IndexName: 'category-index',
        KeySchema: [{ AttributeName: 'category', KeyType: 'HASH' }, { AttributeName: 'id', KeyType: 'RANGE' }],
      })]),
    });
  });

  it('runs Redis with a replica in another zone and automatic failover, encrypted, in private subnets', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
    });
    const [[, subnetGroup]] = ofType('AWS::ElastiCache::SubnetGroup');
    const privateSubnets = ofType('AWS::EC2::Subnet').filter(([, r]) => !r.Properties.MapPublicIpOnLaunch).map(([id]) => id);
    assert.deepEqual(subnetGroup.Properties.SubnetIds.map(logicalIdOf).sort(), privateSubnets.sort());
  });

  it('points each service at its data stores through the environment, as in Compose', () => {
    for (const spec of SERVICES) {
      const env = Object.fromEntries(taskDefinitionOf(spec.name).ContainerDefinitions[0].Environment
        .map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
      assert.equal(env.PORT, String(spec.port));
      assert.equal(env.TABLE_PREFIX, 'ha-demo-');
      assert.equal(env.DYNAMODB_ENDPOINT, undefined, 'no endpoint override on AWS');
      assert.equal('REDIS_URL' in env, spec.usesRedis);
      if (spec.usesRedis) assert.match(JSON.stringify(env.REDIS_URL), /rediss:\/\/.*PrimaryEndPoint\.Address/);
    }
    const checkout = JSON.stringify(taskDefinitionOf('checkout-service').ContainerDefinitions[0].Environment);
    assert.match(checkout, /"PRODUCT_SERVICE_URL","Value":"http:\/\/product-service\.ha-demo\.local:8081"/);
    assert.match(checkout, /"USER_SERVICE_URL","Value":"http:\/\/user-service\.ha-demo\.local:8082"/);
  });
});

describe('least privilege', () => {
  const tableIdsReferencedBy = (roleId: string) => {
    const policies = ofType('AWS::IAM::Policy').filter(([, r]) => r.Properties.Roles.some((x: unknown) => logicalIdOf(x) === roleId));
    const tableIds = new Set(ofType('AWS::DynamoDB::Table').map(([id]) => id));
    const text = JSON.stringify(policies.map(([, r]) => r.Properties.PolicyDocument));
    return { text, tables: new Set([...text.matchAll(/"([A-Za-z0-9]+)"/g)].map((m) => m[1]).filter((id) => tableIds.has(id))) };
  };

  it('lets each service\'s task role touch only its own table', () => {
    const tableIdByName = Object.fromEntries(ofType('AWS::DynamoDB::Table')
      .map(([id, r]) => [r.Properties.TableName.replace('ha-demo-', ''), id]));
    for (const spec of SERVICES) {
      const roleId = logicalIdOf(taskDefinitionOf(spec.name).TaskRoleArn);
      const { text, tables } = tableIdsReferencedBy(roleId);
      assert.deepEqual([...tables], [tableIdByName[spec.table]], `${spec.name} may use only ${spec.table}`);
      assert.doesNotMatch(text, /"Resource":"\*"/, `${spec.name} has no wildcard resource`);
    }
  });

  it('lets only the services that use Redis reach it', () => {
    const ingress = ofType('AWS::EC2::SecurityGroupIngress')
      .filter(([, r]) => r.Properties.FromPort === 6380)
      .map(([, r]) => logicalIdOf(r.Properties.SourceSecurityGroupId));
    const expected = ofType('AWS::ECS::Service')
      .filter(([, r]) => SERVICES.find((s) => s.name === r.Properties.ServiceName)!.usesRedis)
      .map(([, r]) => logicalIdOf(r.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups[0]));
    assert.deepEqual(ingress.sort(), expected.sort());
  });
});

describe('secrets', () => {
  it('generates the JWT key and the Grafana admin password in Secrets Manager, never in the template', () => {
    const secrets = ofType('AWS::SecretsManager::Secret');
    assert.deepEqual(secrets.map(([, r]) => r.Properties.Name).sort(), ['ha-demo/grafana-admin', 'ha-demo/jwt-signing-key']);
    for (const [, { Properties: p }] of secrets) {
      assert.equal(p.SecretString, undefined);
      assert.ok(p.GenerateSecretString);
    }
    const text = JSON.stringify(template.toJSON());
    assert.doesNotMatch(text, /PRIVATE KEY-----|GF_SECURITY_ADMIN_PASSWORD|"password"\s*:\s*"/i);
  });

  it('injects the JWT key into the user service from the secret, not as a plain variable', () => {
    const [container] = taskDefinitionOf('user-service').ContainerDefinitions;
    const [jwtSecretId] = ofType('AWS::SecretsManager::Secret').find(([, r]) => r.Properties.Name === 'ha-demo/jwt-signing-key')!;
    assert.deepEqual(container.Secrets, [{ Name: 'JWT_PRIVATE_KEY', ValueFrom: { Ref: jwtSecretId } }]);
    assert.ok(!container.Environment.some((e: { Name: string }) => /KEY|PASSWORD|SECRET/.test(e.Name)));
  });
});

describe('observability', () => {
  it('mirrors the Prometheus alert rules as CloudWatch alarms per service', () => {
    const names = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties.AlarmName as string);
    for (const spec of SERVICES) {
      for (const rule of ['ServiceDown', 'ReplicaDown', 'HighErrorRate', 'HighLatencyP95']) {
        assert.ok(names.includes(`ha-demo-${rule}-${spec.name}`), `${rule} for ${spec.name}`);
      }
    }
    assert.ok(names.includes('ha-demo-LoadBalancerErrorRate'));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'ha-demo-HighLatencyP95-product-service', Threshold: 0.1, ExtendedStatistic: 'p95',
    });
  });

  it('draws the overview dashboard\'s panels', () => {
    const [[, dashboard]] = ofType('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const title of ['Service health', 'Requests per minute', 'Latency p50 / p95 / p99', 'Error rate per service', 'Replicas over time']) {
      assert.ok(body.includes(title), title);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding that lacks a reasoned suppression', () => {
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ].map((a) => `${a.id}: ${String(a.entry.data).split(':')[0]}`);
    assert.deepEqual(findings, []);
  });

  it('is live: without the suppressions it reports exactly the findings they explain', () => {
    // Asset staging (copying the build contexts) is irrelevant to cdk-nag and the slowest part of synth.
    const { stack } = createHaDemoApp({ context: { 'aws:cdk:disable-asset-staging': true } }, { suppressFindings: false });
    const ids = new Set(Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))
      .map((a) => String(a.entry.data).split(/[:[]/)[0]));
    assert.deepEqual([...ids].sort(),
      ['AwsSolutions-AEC6', 'AwsSolutions-EC23', 'AwsSolutions-ECS2', 'AwsSolutions-ELB2', 'AwsSolutions-IAM5', 'AwsSolutions-SMG4']);
  });
});
