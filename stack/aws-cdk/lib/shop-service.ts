import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HEALTH_CHECK_PATH, type ServiceSpec } from './catalogue.js';

export interface ShopServiceProps {
  readonly spec: ServiceSpec;
  readonly cluster: ecs.ICluster;
  readonly servicesDirectory: string;
  readonly table: dynamodb.ITable;
  readonly listener: elbv2.ApplicationListener;
  /** Listener rule priority: unique per service. */
  readonly priority: number;
  readonly environment: Record<string, string>;
  readonly secrets?: Record<string, ecs.Secret>;
  /** Replaces the image's entry point (the user service writes its key file first). */
  readonly entryPoint?: string[];
  readonly command?: string[];
  readonly minTasks: number;
  readonly maxTasks: number;
}

/** Build context entries the image never needs; keeps the synth-time hash and the upload small. */
const BUILD_OUTPUT = ['target', 'build', '.venv', 'node_modules', '**/__pycache__', '.pytest_cache'];

/**
 * One service of the shop: Fargate tasks from the service's own Dockerfile, a target group on the
 * shared listener with HAProxy's path routing and health check, and target-tracking auto scaling.
 */
export class ShopService extends Construct {
  readonly service: ecs.FargateService;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly port: number;

  constructor(scope: Construct, id: string, props: ShopServiceProps) {
    super(scope, id);
    const { spec } = props;
    this.port = spec.port;

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: spec.cpu,
      memoryLimitMiB: spec.memoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    // Only at `cdk deploy` does the CLI run `docker build`; synth merely hashes the build context.
    const image = ecs.ContainerImage.fromAsset(path.join(props.servicesDirectory, spec.name), {
      buildArgs: { ARTIFACT_SOURCE: 'source' },
      platform: Platform.LINUX_AMD64,
      exclude: BUILD_OUTPUT,
    });
    this.taskDefinition.addContainer('app', {
      containerName: spec.name,
      image,
      entryPoint: props.entryPoint,
      command: props.command,
      portMappings: [{ containerPort: spec.port }],
      environment: { PORT: String(spec.port), ...props.environment },
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: spec.name,
        logRetention: logs.RetentionDays.ONE_MONTH,
      }),
      stopTimeout: Duration.seconds(15),
    });
    props.table.grantReadWriteData(this.taskDefinition.taskRole);
    // Each service creates its table when missing; on AWS it finds it, but the call must be allowed.
    props.table.grant(this.taskDefinition.taskRole, 'dynamodb:CreateTable');

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: spec.name,
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(spec.startupGraceSeconds),
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      cloudMapOptions: { name: spec.name },
    });

    this.targetGroup = props.listener.addTargets(spec.name, {
      priority: props.priority,
      conditions: [elbv2.ListenerCondition.pathPatterns([spec.pathPrefix, `${spec.pathPrefix}/*`])],
      port: spec.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      healthCheck: {
        path: HEALTH_CHECK_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      // Matches the services' graceful shutdown (in-flight requests finish within 10 s).
      deregistrationDelay: Duration.seconds(15),
    });

    const scaling = this.service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
    scaling.scaleOnRequestCount('Requests', {
      targetGroup: this.targetGroup,
      requestsPerTarget: 300,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    });
  }

  /** Lets `other` open connections to this service's port (Cloud Map calls bypass the ALB). */
  allowCallsFrom(other: ShopService): void {
    this.service.connections.allowFrom(other.service, ec2.Port.tcp(this.port), `${other.node.id} calls ${this.node.id}`);
  }
}
