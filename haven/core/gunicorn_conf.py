"""gunicorn's settings for Haven: ``gunicorn -c python:haven.core.gunicorn_conf haven.wsgi``.

Each can be overridden on gunicorn's command line (``--bind 0.0.0.0:8000``) or in
``GUNICORN_CMD_ARGS``. gunicorn's own messages are JSON lines like Haven's; it writes no
access log of its own (its request line holds the query string, where searches put names):
Haven's ``haven.request`` lines take its place.
"""

import os

from gunicorn import glogging  # type: ignore[import-untyped]

from haven.core.logging import JsonFormatter

wsgi_app = "haven.wsgi:application"
bind = [os.environ.get("HAVEN_BIND", "127.0.0.1:8000")]
# Processes (WEB_CONCURRENCY, read by gunicorn too) × threads each: every thread keeps its
# own database connection when DATABASE_URL carries ?conn_max_age=….
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("HAVEN_WEB_THREADS", "2"))
# Long work still runs in some requests (a dispatch run may take HAVEN_DISPATCH_SECONDS).
timeout = int(os.environ.get("HAVEN_WEB_TIMEOUT", "120"))
graceful_timeout = 30
# A worker is replaced after this many requests (± jitter): memory never creeps for long.
max_requests = 1000
max_requests_jitter = 100
accesslog = None
errorlog = "-"
# No control socket (gunicornc) in the home directory: signals (HUP, TERM) manage the server.
control_socket_disable = True


class JsonLogger(glogging.Logger):
    """gunicorn's error log as JSON lines; no access log."""

    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        return None


logger_class = "haven.core.gunicorn_conf.JsonLogger"
