"""gunicorn settings: `gunicorn -c gunicorn.conf.py config.wsgi`. Every value can be overridden by environment
variables (docs/deploy.md explains the sizing against the database connection pool)."""

import multiprocessing
import os

from config.logging import logging_config

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers: a request waiting on PostgreSQL does not hold a whole process. Each worker process has its own
# database connection pool (DB_POOL_MAX); keep DB_POOL_MAX >= threads so that no thread waits for a connection.
# One process per core with two threads: the report pages are CPU-bound, and more requests running at once only
# share the same cores and stretch the tail (measured in docs/performance.md, "Load test": 2 x 2 against 4 x 4).
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# A request that takes longer than this is killed; its transaction is rolled back by PostgreSQL.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Keep idle client connections longer than the load balancer does (60 s on most), so that the balancer never
# sends a request on a connection gunicorn has just closed.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle workers now and then, staggered, so that slow memory growth never takes a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# TLS ends at the load balancer, which sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Heartbeat files in memory: container disks can be slow enough to make gunicorn kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The application's JSON logging for gunicorn's own logs too; the access log keeps only method, path (without the
# query string), status, size and duration - no client address or user agent.
accesslog = "-"
logconfig_dict = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"))
