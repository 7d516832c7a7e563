"""moto's server, answering one request at a time.

moto's DynamoDB backend takes no lock: two concurrent TransactWriteItems interleave, and a cancelled
transaction restores a snapshot of the whole table taken before it started, undoing writes that other
requests committed meanwhile. Real DynamoDB is atomic per transaction and per conditional write.
Holding one lock per request gives moto that guarantee without changing anything else about it.

Usage: <python of moto's venv> serialized_moto.py [moto_server arguments, e.g. -H 127.0.0.1 -p 5000]
"""
import threading

from moto import server
from moto.moto_server import werkzeug_app

_lock = threading.Lock()
_dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def _serialized(self, environ, start_response):
    with _lock:
        # moto builds the whole response inside the call, so the lock covers the backend work.
        return _dispatch(self, environ, start_response)


werkzeug_app.DomainDispatcherApplication.__call__ = _serialized

if __name__ == "__main__":
    server.main()
