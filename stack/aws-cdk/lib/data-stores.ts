import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import type { TableName } from './catalogue.js';

export interface DataStoresProps {
  readonly vpc: ec2.IVpc;
  /** Prepended to every table name; the services get the same value as TABLE_PREFIX. */
  readonly tablePrefix: string;
  /** Demo data may go with the stack; a pilot keeps it (RETAIN). */
  readonly removalPolicy: RemovalPolicy;
}

const REDIS_PORT = 6380;

/**
 * The DynamoDB tables (schemas exactly as the services create them when missing, so their
 * CreateTable at start-up finds the table and moves on) and a Redis replication group.
 */
export class DataStores extends Construct {
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly redisSecurityGroup: ec2.SecurityGroup;
  readonly redisPort = REDIS_PORT;
  /** TLS (`rediss://`) because transit encryption is on; the services' clients all accept it. */
  readonly redisUrl: string;

  constructor(scope: Construct, id: string, props: DataStoresProps) {
    super(scope, id);
    const table = (name: TableName, key: dynamodb.TableProps['partitionKey'], sortKey?: dynamodb.Attribute) =>
      new dynamodb.Table(this, `${name}Table`, {
        tableName: `${props.tablePrefix}${name}`,
        partitionKey: key,
        sortKey,
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy: props.removalPolicy,
      });
    const s = dynamodb.AttributeType.STRING;

    const products = table('products', { name: 'pk', type: s });
    for (const [indexName, hashKey] of [['category-index', 'category'], ['catalog-index', 'catalog']]) {
      products.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: hashKey, type: s },
        sortKey: { name: 'id', type: s },
      });
    }
    const orders = table('orders', { name: 'id', type: s });
    orders.addGlobalSecondaryIndex({
      indexName: 'userId-createdAt-index',
      partitionKey: { name: 'userId', type: s },
      sortKey: { name: 'createdAt', type: s },
    });
    orders.addGlobalSecondaryIndex({
      indexName: 'workQueue-workDueAt-index',
      partitionKey: { name: 'workQueue', type: s },
      sortKey: { name: 'workDueAt', type: dynamodb.AttributeType.NUMBER },
    });
    this.tables = {
      products,
      orders,
      users: table('users', { name: 'pk', type: s }),
      analytics: table('analytics', { name: 'pk', type: s }, { name: 'sk', type: s }),
    };

    this.redisSecurityGroup = new ec2.SecurityGroup(this, 'RedisSecurityGroup', {
      vpc: props.vpc,
      description: 'Redis: reachable only from the services that use it',
      allowAllOutbound: false,
    });
    const subnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
      description: 'Private subnets of the HA demo',
      subnetIds: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
    });
    const redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
      replicationGroupDescription: 'HA demo carts and order event stream',
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: 'cache.t4g.small',
      // A primary and one replica in another AZ: ElastiCache promotes the replica when the primary fails.
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      port: REDIS_PORT,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [this.redisSecurityGroup.securityGroupId],
    });
    redis.applyRemovalPolicy(props.removalPolicy);
    this.redisUrl = `rediss://${redis.attrPrimaryEndPointAddress}:${redis.attrPrimaryEndPointPort}`;
  }
}
