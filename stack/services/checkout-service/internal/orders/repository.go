package orders

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

var (
	// ErrNotFound means no order has that id.
	ErrNotFound = errors.New("order not found")
	// ErrExists means a record with that id is already there (the idempotency key was claimed).
	ErrExists = errors.New("order already exists")
	// ErrVersionConflict means someone else wrote the order since it was read.
	ErrVersionConflict = errors.New("order changed concurrently")
	// ErrBadCursor means a list cursor was not one this service handed out.
	ErrBadCursor = errors.New("invalid cursor")
)

const (
	userIndex = "userId-createdAt-index"
	workIndex = "workQueue-workDueAt-index"
)

// Repository stores orders in DynamoDB.
type Repository struct {
	db    *dynamodb.Client
	table string
}

// NewRepository uses the table name (with any test prefix already applied).
func NewRepository(db *dynamodb.Client, table string) *Repository {
	return &Repository{db: db, table: table}
}

// Table is the table's name.
func (r *Repository) Table() string { return r.table }

// EnsureTable creates the table and its indexes unless they exist, and waits until it is active.
func (r *Repository) EnsureTable(ctx context.Context) error {
	_, err := r.db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:   aws.String(r.table),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("userId"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("createdAt"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("workQueue"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("workDueAt"), AttributeType: types.ScalarAttributeTypeN},
		},
		KeySchema: []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{
			index(userIndex, "userId", "createdAt"),
			index(workIndex, "workQueue", "workDueAt"),
		},
	})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("creating table %s: %w", r.table, err)
	}
	waiter := dynamodb.NewTableExistsWaiter(r.db)
	return waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.table)}, time.Minute)
}

func index(name, hash, rangeKey string) types.GlobalSecondaryIndex {
	return types.GlobalSecondaryIndex{
		IndexName: aws.String(name),
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(hash), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(rangeKey), KeyType: types.KeyTypeRange},
		},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
	}
}

// Ping checks that the table answers.
func (r *Repository) Ping(ctx context.Context) error {
	_, err := r.db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.table)})
	return err
}

// Create writes a new order unless its id exists (ErrExists).
func (r *Repository) Create(ctx context.Context, o *Order) error {
	o.Version = 1
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:           aws.String(r.table),
		Item:                item,
		ConditionExpression: aws.String("attribute_not_exists(id)"),
	})
	if isConditionFailed(err) {
		return ErrExists
	}
	return err
}

// Get reads an order with a strongly consistent read.
func (r *Repository) Get(ctx context.Context, id string) (Order, error) {
	out, err := r.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(r.table),
		Key:            map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Order{}, err
	}
	if out.Item == nil {
		return Order{}, ErrNotFound
	}
	var o Order
	err = attributevalue.UnmarshalMap(out.Item, &o)
	return o, err
}

// Save replaces the order if nobody wrote it since it was read (else ErrVersionConflict),
// and bumps its version.
func (r *Repository) Save(ctx context.Context, o *Order) error {
	read := o.Version
	o.Version = read + 1
	o.UpdatedAt = formatTime(time.Now())
	item, err := attributevalue.MarshalMap(o)
	if err != nil {
		o.Version = read
		return err
	}
	_, err = r.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 aws.String(r.table),
		Item:                      item,
		ConditionExpression:       aws.String("version = :read"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":read": number(read)},
	})
	if err != nil {
		o.Version = read
		if isConditionFailed(err) {
			return ErrVersionConflict
		}
		return err
	}
	return nil
}

// Delete removes the order if nobody wrote it since it was read.
func (r *Repository) Delete(ctx context.Context, o Order) error {
	_, err := r.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 aws.String(r.table),
		Key:                       map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: o.ID}},
		ConditionExpression:       aws.String("version = :read"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":read": number(o.Version)},
	})
	if isConditionFailed(err) {
		return ErrVersionConflict
	}
	return err
}

// ListByUser returns a user's orders, newest first, one page at a time.
func (r *Repository) ListByUser(ctx context.Context, userID string, limit int32, cursor string) ([]Order, string, error) {
	start, err := decodeCursor(cursor, userID)
	if err != nil {
		return nil, "", err
	}
	out, err := r.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(r.table),
		IndexName:                 aws.String(userIndex),
		KeyConditionExpression:    aws.String("userId = :u"),
		FilterExpression:          aws.String("#s <> :placing"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":u": str(userID), ":placing": str(string(StatusPlacing))},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(limit),
		ExclusiveStartKey:         start,
	})
	if err != nil {
		return nil, "", err
	}
	var orders []Order
	if err := attributevalue.UnmarshalListOfMaps(out.Items, &orders); err != nil {
		return nil, "", err
	}
	next, err := encodeCursor(out.LastEvaluatedKey)
	return orders, next, err
}

// DueWork returns orders in the reconciler's queue that are due at now.
func (r *Repository) DueWork(ctx context.Context, now time.Time, limit int32) ([]Order, error) {
	out, err := r.db.Query(ctx, &dynamodb.QueryInput{
		TableName:              aws.String(r.table),
		IndexName:              aws.String(workIndex),
		KeyConditionExpression: aws.String("workQueue = :q AND workDueAt <= :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":q": str(workQueueName), ":now": number(now.UnixMilli()),
		},
		Limit: aws.Int32(limit),
	})
	if err != nil {
		return nil, err
	}
	var orders []Order
	err = attributevalue.UnmarshalListOfMaps(out.Items, &orders)
	return orders, err
}

// CountPendingReservations counts degraded orders whose reservation is still queued.
func (r *Repository) CountPendingReservations(ctx context.Context) (int, error) {
	p := dynamodb.NewQueryPaginator(r.db, &dynamodb.QueryInput{
		TableName:                 aws.String(r.table),
		IndexName:                 aws.String(workIndex),
		KeyConditionExpression:    aws.String("workQueue = :q"),
		FilterExpression:          aws.String("#s = :pending"),
		ExpressionAttributeNames:  map[string]string{"#s": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":q": str(workQueueName), ":pending": str(string(StatusPendingReservation))},
		Select:                    types.SelectCount,
	})
	total := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		total += int(page.Count)
	}
	return total, nil
}

func isConditionFailed(err error) bool {
	var ccf *types.ConditionalCheckFailedException
	return errors.As(err, &ccf)
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: fmt.Sprint(n)}
}

// Cursors are the index's last evaluated key (string attributes only), as opaque base64url JSON.
func encodeCursor(key map[string]types.AttributeValue) (string, error) {
	if len(key) == 0 {
		return "", nil
	}
	plain := map[string]string{}
	if err := attributevalue.UnmarshalMap(key, &plain); err != nil {
		return "", err
	}
	b, err := json.Marshal(plain)
	return base64.RawURLEncoding.EncodeToString(b), err
}

func decodeCursor(cursor, userID string) (map[string]types.AttributeValue, error) {
	if cursor == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, ErrBadCursor
	}
	plain := map[string]string{}
	if err := json.Unmarshal(b, &plain); err != nil || plain["id"] == "" || plain["userId"] != userID || plain["createdAt"] == "" || len(plain) != 3 {
		return nil, ErrBadCursor
	}
	return attributevalue.MarshalMap(plain)
}
