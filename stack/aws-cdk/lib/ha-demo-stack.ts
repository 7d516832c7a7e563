import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SERVICES, type ServiceName } from './catalogue.js';
import { DataStores } from './data-stores.js';
import { Observability } from './observability.js';
import { ShopService } from './shop-service.js';
import { userServiceKeyFileEntryPoint } from './user-service-entrypoint.js';

export interface HaDemoStackProps extends StackProps {
  /** stack/services: each service's Dockerfile is built from its folder there. */
  readonly servicesDirectory: string;
  readonly minTasks?: number;
  readonly maxTasks?: number;
  /** DESTROY suits a demo; a pilot with real orders passes RETAIN. */
  readonly dataRemovalPolicy?: RemovalPolicy;
}

const TABLE_PREFIX = 'ha-demo-';
const SERVICE_NAMESPACE = 'ha-demo.local';

/** The HA demo shop on managed AWS engines: ALB, ECS Fargate, DynamoDB, ElastiCache, CloudWatch. */
export class HaDemoStack extends Stack {
  readonly services: Record<ServiceName, ShopService>;
  readonly data: DataStores;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly secrets: { jwtSigningKey: secretsmanager.Secret; grafanaAdmin: secretsmanager.Secret };

  constructor(scope: Construct, id: string, props: HaDemoStackProps) {
    super(scope, id, props);
    const minTasks = props.minTasks ?? 2;
    const maxTasks = props.maxTasks ?? 6;

    // Env-agnostic on purpose: synth needs no credentials and no AZ lookup; maxAzs 2 picks the
    // region's first two zones at deploy time.
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 2,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'VpcFlowLogs', {
            retention: logs.RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          })),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });

    const data = this.data = new DataStores(this, 'Data', {
      vpc,
      tablePrefix: TABLE_PREFIX,
      removalPolicy: props.dataRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: { name: SERVICE_NAMESPACE, vpc },
    });

    const loadBalancer = this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    const listener = loadBalancer.addListener('Http', {
      port: 80,
      // Like HAProxy: a path no service owns is a 404 at the edge.
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/problem+json',
        messageBody: JSON.stringify({
          type: 'https://ha-demo.dev/problems/not-found', title: 'Not Found', status: 404,
          detail: 'No service serves this path.',
        }),
      }),
    });

    const jwtSigningKey = new secretsmanager.Secret(this, 'JwtSigningKey', {
      secretName: 'ha-demo/jwt-signing-key',
      description: 'PEM (PKCS#8) RSA key the user service signs JWTs with. Until an operator puts a PEM here, '
        + 'the generated placeholder makes the service fall back to the key pair it stores in its table.',
      generateSecretString: { passwordLength: 32, excludePunctuation: true },
    });
    const grafanaAdmin = new secretsmanager.Secret(this, 'GrafanaAdmin', {
      secretName: 'ha-demo/grafana-admin',
      description: 'Admin login for a Grafana pointed at this stack (e.g. the project dashboards with a CloudWatch data source).',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'admin' }),
        generateStringKey: 'password',
        passwordLength: 24,
        excludePunctuation: true,
      },
    });

    this.secrets = { jwtSigningKey, grafanaAdmin };

    const common = {
      AWS_REGION: this.region,
      TABLE_PREFIX,
      LOG_LEVEL: 'info',
    };
    const serviceUrl = (name: ServiceName) =>
      `http://${name}.${SERVICE_NAMESPACE}:${SERVICES.find((s) => s.name === name)!.port}`;

    const services = {} as Record<ServiceName, ShopService>;
    SERVICES.forEach((spec, index) => {
      const environment: Record<string, string> = { ...common };
      if (spec.usesRedis) environment.REDIS_URL = data.redisUrl;
      for (const callee of spec.calls) {
        environment[`${callee.replace('-service', '').toUpperCase()}_SERVICE_URL`] = serviceUrl(callee);
      }
      const isUserService = spec.name === 'user-service';
      services[spec.name] = new ShopService(this, spec.name, {
        spec,
        cluster,
        servicesDirectory: props.servicesDirectory,
        table: data.tables[spec.table],
        listener,
        priority: (index + 1) * 10,
        environment,
        secrets: isUserService ? { JWT_PRIVATE_KEY: ecs.Secret.fromSecretsManager(jwtSigningKey) } : undefined,
        ...(isUserService ? userServiceKeyFileEntryPoint : {}),
        minTasks,
        maxTasks,
      });
      if (spec.usesRedis) {
        data.redisSecurityGroup.connections.allowFrom(services[spec.name].service, ec2.Port.tcp(data.redisPort),
          `${spec.name} uses Redis`);
      }
    });
    for (const spec of SERVICES) {
      for (const callee of spec.calls) services[callee].allowCallsFrom(services[spec.name]);
    }
    this.services = services;

    const observability = new Observability(this, 'Observability', {
      loadBalancer,
      services,
      dashboardName: 'ha-demo-overview',
    });

    new CfnOutput(this, 'ShopUrl', { value: `http://${loadBalancer.loadBalancerDnsName}` });
    new CfnOutput(this, 'DashboardName', { value: observability.dashboard.dashboardName });
    new CfnOutput(this, 'JwtSigningKeySecret', { value: jwtSigningKey.secretName });
    new CfnOutput(this, 'GrafanaAdminSecret', { value: grafanaAdmin.secretName });
  }
}
