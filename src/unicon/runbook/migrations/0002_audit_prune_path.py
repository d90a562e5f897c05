"""The one documented way to delete audit entries: `unicon archive-old-data` with
AUDIT_RETENTION_DAYS set. On PostgreSQL the append-only trigger lets a DELETE through only
inside a transaction that did `SET LOCAL unicon.audit_prune = 'on'`; UPDATE and TRUNCATE
stay refused. (SQLite: the prune drops and re-creates the trigger in one transaction.)"""

from django.db import migrations

PRUNE_AWARE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('unicon.audit_prune', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'core_auditentry is append-only';
END $$
"""
ORIGINAL = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'core_auditentry is append-only'; END $$
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only"), ("ops", "0001_initial")]

    operations = [migrations.RunPython(_run(PRUNE_AWARE), _run(ORIGINAL))]
