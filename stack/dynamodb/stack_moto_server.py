"""moto_server as the stack's DynamoDB: moto, with three fixes for running for an hour under steady load.

1. Requests are served one at a time. moto's backend takes no lock, so concurrent writes interleave with a
   transaction, and a cancelled transaction's rollback would undo them. DynamoDB is atomic per request.
2. A transaction backs up only the items it touches. moto deep-copies every table a transaction names, so
   each TransactWriteItems costs time in proportion to the table (about 150 ms at 1,000 items, seconds at
   10,000): the reservations and analytics tables grow all through the demo.
3. Model objects are not recorded for moto's dashboard. moto keeps every object it ever creates in a
   class-level list, which with (2) grew by megabytes per second until the container ran out of memory.
4. A query reads only the partition it names. moto gathers and sorts every item of the table for each
   Query, then keeps the partition's: 70 ms per query of the analytics table ten minutes into the demo,
   growing with every order. An index query still looks at every item (moto keeps no index), unsorted:
   it sorts its results itself.

Served as `app` by a WSGI server (gunicorn in the image, one process), or on its own with moto_server's
arguments (e.g. --host 0.0.0.0 --port 5000) through moto's development server.
"""
import copy
import inspect
import io
import threading

from moto import server
from moto.core.common_models import BaseModel
from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models.table import Table
from moto.moto_server import werkzeug_app
from moto.server import create_backend_app

# --- 1. one request at a time ---------------------------------------------------------------------------------
_request_lock = threading.Lock()
_dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def _serialized_dispatch(self, environ, start_response):
    # The body is read before taking the lock, so a slow client never holds up everyone else's requests.
    length = int(environ.get("CONTENT_LENGTH") or 0)
    environ["wsgi.input"] = io.BytesIO(environ["wsgi.input"].read(length) if length > 0 else b"")
    # moto builds the whole response inside the call, so the lock covers all backend work.
    with _request_lock:
        return _dispatch(self, environ, start_response)


werkzeug_app.DomainDispatcherApplication.__call__ = _serialized_dispatch


# --- 2. item-level rollback for TransactWriteItems --------------------------------------------------------------
class _TablesByReference:
    """Stands in for the `copy` module inside moto's DynamoDB backend while a transaction runs: its whole-table
    "backup" becomes the table itself, so its rollback is a no-op and the items are restored below instead."""

    def __init__(self):
        self.active = False

    def deepcopy(self, value, memo=None):
        if self.active and isinstance(value, Table):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name):
        return getattr(copy, name)


_copy_shim = _TablesByReference()
dynamodb_models.copy = _copy_shim
_transact_write_items = dynamodb_models.DynamoDBBackend.transact_write_items


def _item_key(table, op_type, op):
    if op_type != "Put":
        return op.get("Key")
    attrs = op.get("Item", {})
    names = [table.hash_key_attr] + ([table.range_key_attr] if table.range_key_attr else [])
    if not all(name in attrs for name in names):
        return None  # moto rejects the operation itself
    return {name: attrs[name] for name in names}


def _transact_write_items_with_item_backup(self, transact_items):
    backup = []  # (table name, key, the item before the transaction or None), in operation order
    for entry in transact_items:
        if len(entry) != 1:
            continue  # moto rejects the operation itself
        op_type, op = next(iter(entry.items()))
        table = self.tables.get(op.get("TableName"))
        key = _item_key(table, op_type, op) if table is not None else None
        if key is None:
            continue
        try:
            backup.append((op["TableName"], key, copy.deepcopy(self.get_item(op["TableName"], key))))
        except Exception:  # an invalid key: moto reports it while running the transaction
            continue
    _copy_shim.active = True
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        # Newest first, so an item named twice ends as it was before the transaction.
        for table_name, key, before in reversed(backup):
            if before is None:
                self.tables[table_name].delete_item(*_hash_and_range(self.tables[table_name], key))
            else:
                self.tables[table_name].put_item(before.to_json()["Attributes"])
        raise
    finally:
        _copy_shim.active = False


def _hash_and_range(table, key):
    hash_value = dynamodb_models.DynamoType(key[table.hash_key_attr])
    range_value = dynamodb_models.DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    return hash_value, range_value


dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_items_with_item_backup


# --- 3. no instance tracking ------------------------------------------------------------------------------------
def _new_untracked(cls, *args, **kwargs):
    return object.__new__(cls)


BaseModel.__new__ = staticmethod(_new_untracked)

# --- 4. queries read one partition -------------------------------------------------------------------------------
_query = Table.query
_query_signature = inspect.signature(_query)


def _query_without_full_table_sort(self, *args, **kwargs):
    call = _query_signature.bind(self, *args, **kwargs).arguments
    hash_key, index_name = call.get("hash_key"), call.get("index_name")
    if index_name or hash_key is None:
        items = self._unsorted_items
    elif self.range_key_attr:
        items = lambda: list(self.items[hash_key].values()) if hash_key in self.items else []
    else:
        items = lambda: [self.items[hash_key]] if hash_key in self.items else []
    # Requests are serialized (1.), so shadowing the method for this one call cannot leak into another.
    self.all_items = items
    try:
        return _query(self, *args, **kwargs)
    finally:
        del self.all_items


def _unsorted_items(self):
    if not self.range_key_attr:
        return list(self.items.values())
    return [item for partition in self.items.values() for item in partition.values()]


Table._unsorted_items = _unsorted_items
Table.query = _query_without_full_table_sort


app = werkzeug_app.DomainDispatcherApplication(create_backend_app)

if __name__ == "__main__":
    server.main()
