"""Least privilege in PostgreSQL (docs/deploy.md, "Database roles").

The owner role (DATABASE_OWNER_URL) runs the migrations and owns every table; the web servers and task workers
connect as the app role (DATABASE_URL), which reads and writes rows and nothing more: no TRUNCATE, no ALTER, no
switching a trigger off (only a table's owner may), and on the append-only tables (frozen answers, history) only
SELECT and INSERT. After every migrate as the owner the grants are applied again, so a new table is covered."""
