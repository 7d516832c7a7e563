import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureStackUp } from './support/stack';

const endpoint = `http://127.0.0.1:${Number(process.env.DYNAMODB_PORT ?? 8000)}`;

/** One call of the DynamoDB JSON API, as any SDK makes it. */
async function dynamodb(operation: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/eu-central-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const key = (pk: string) => ({ pk: { S: pk } });

describe('the stack’s DynamoDB (moto)', () => {
  const table = `stack-test-${randomUUID()}`;
  const stock = (n: number) => ({ Put: { TableName: table, Item: { ...key('stock'), n: { N: String(n) } } } });
  const take = (amount: number) => ({
    Update: {
      TableName: table,
      Key: key('stock'),
      UpdateExpression: 'SET n = n - :amount',
      ConditionExpression: 'n >= :amount',
      ExpressionAttributeValues: { ':amount': { N: String(amount) } },
    },
  });
  const reserve = (id: string) => ({
    Put: { TableName: table, Item: key(id), ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const stockLeft = async () => {
    const { json } = await dynamodb('GetItem', { TableName: table, Key: key('stock'), ConsistentRead: true });
    return Number((json.Item as { n: { N: string } }).n.N);
  };

  beforeAll(async () => {
    await ensureStackUp();
    const created = await dynamodb('CreateTable', {
      TableName: table,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(created.status).toBe(200);
    expect((await dynamodb('TransactWriteItems', { TransactItems: [stock(10)] })).status).toBe(200);
  });

  afterAll(async () => {
    await dynamodb('DeleteTable', { TableName: table });
  });

  it('cancels a transaction whole: nothing of it stays written', async () => {
    expect((await dynamodb('TransactWriteItems', { TransactItems: [take(2), reserve('r-1')] })).status).toBe(200);
    // r-1 exists, so this reservation is refused, and the stock taken in the same transaction comes back.
    const cancelled = await dynamodb('TransactWriteItems', {
      TransactItems: [
        take(3),
        reserve('r-2'),
        { ConditionCheck: { TableName: table, Key: key('r-1'), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
    expect(cancelled.json.__type).toContain('TransactionCanceledException');
    expect(await stockLeft()).toBe(8);
    const r2 = await dynamodb('GetItem', { TableName: table, Key: key('r-2'), ConsistentRead: true });
    expect(r2.json.Item).toBeUndefined();
  });

  it('keeps concurrent transactions atomic: no stock is lost or oversold', async () => {
    // 8 left; 12 buyers take one each at once: exactly 8 succeed and the stock ends at 0.
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => dynamodb('TransactWriteItems', { TransactItems: [take(1), reserve(`c-${i}`)] })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(8);
    expect(await stockLeft()).toBe(0);
  });

  it('keeps transactions as fast with 3,000 items in the table as with a handful', async () => {
    const transactionMs = async (label: string) => {
      const started = performance.now();
      for (let i = 0; i < 10; i++) {
        expect((await dynamodb('TransactWriteItems', { TransactItems: [stock(5), reserve(`${label}-${i}`)] })).status).toBe(200);
      }
      return (performance.now() - started) / 10;
    };
    const small = await transactionMs('small');
    for (let batch = 0; batch < 120; batch++) {
      const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: key(`bulk-${batch}-${i}`) } }));
      expect((await dynamodb('BatchWriteItem', { RequestItems: { [table]: requests } })).status).toBe(200);
    }
    const large = await transactionMs('large');
    // Plain moto deep-copies the whole table per transaction: ~0.5 s each at this size on the build machine.
    // Compared with the small table's time, so a busy machine slows both sides alike.
    expect(large).toBeLessThan(small * 3 + 50);
  });

  describe('queries', () => {
    const sorted = `${table}-sorted`;
    const item = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } });
    const partition = (pk: string, extra: object = {}) =>
      dynamodb('Query', {
        TableName: sorted,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ...extra,
      });
    const sortKeys = (json: Record<string, unknown>) => (json.Items as { sk: { S: string } }[]).map((i) => i.sk.S);

    beforeAll(async () => {
      const created = await dynamodb('CreateTable', {
        TableName: sorted,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      });
      expect(created.status).toBe(200);
      // Written in reverse, so an answer in key order proves the query sorts.
      for (let i = 15; i >= 0; i--) await dynamodb('PutItem', { TableName: sorted, Item: item('minute#1', `shard#${String(i).padStart(2, '0')}`) });
    });

    afterAll(async () => {
      await dynamodb('DeleteTable', { TableName: sorted });
    });

    it('returns one partition in key order, page by page', async () => {
      const first = await partition('minute#1', { Limit: 10 });
      expect(sortKeys(first.json)).toEqual(Array.from({ length: 10 }, (_, i) => `shard#${String(i).padStart(2, '0')}`));
      const rest = await partition('minute#1', { ExclusiveStartKey: first.json.LastEvaluatedKey });
      expect(sortKeys(rest.json)).toEqual(['shard#10', 'shard#11', 'shard#12', 'shard#13', 'shard#14', 'shard#15']);
      expect((await partition('minute#none')).json.Items).toEqual([]);
    });

    it('answers a query of one partition as fast with 3,000 items in the table as with a handful', async () => {
      const queryMs = async () => {
        const started = performance.now();
        for (let i = 0; i < 10; i++) expect(sortKeys((await partition('minute#1')).json)).toHaveLength(16);
        return (performance.now() - started) / 10;
      };
      const small = await queryMs();
      for (let batch = 0; batch < 120; batch++) {
        const requests = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: item(`seen#${batch}-${i}`, 'seen') } }));
        expect((await dynamodb('BatchWriteItem', { RequestItems: { [sorted]: requests } })).status).toBe(200);
      }
      const large = await queryMs();
      // Plain moto gathers and sorts the whole table per query: ~100 ms each at this size on the build machine.
      expect(large).toBeLessThan(small * 3 + 20);
    });
  });
});
