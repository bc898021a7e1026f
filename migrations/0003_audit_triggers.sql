-- The audit trail, written by the database itself: every insert, update and delete of an audited table leaves one
-- row in audit_events, in the same transaction, naming the fields that changed with their values before and after.
-- The write path (src/http/writes.ts) sets who acts and for which request as transaction-local settings:
--   plantrack.actor        {"type","id","name","agencyId"} (absent: the "system", e.g. migrations, seed, CLI)
--   plantrack.request_id   the request id (x-request-id)
--   plantrack.operation_id the API operation (e.g. submitReport)
--   plantrack.audit        'off' only for bulk loaders that write their own audit rows (the benchmark generator)
-- Trigger arguments: the column that identifies the resource (a child row names its parent), then columns never
-- to record (secrets, and bookkeeping that changes on its own).
CREATE OR REPLACE FUNCTION plantrack_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  actor jsonb := coalesce(nullif(current_setting('plantrack.actor', true), '')::jsonb,
                          jsonb_build_object('type', 'system', 'name', coalesce(nullif(current_setting('application_name', true), ''), 'database')));
  hidden text[] := array['search_text', 'created_at', 'updated_at'] || coalesce(TG_ARGV[1:], '{}'::text[]);
  before jsonb;
  after jsonb;
  changes jsonb;
BEGIN
  IF current_setting('plantrack.audit', true) = 'off' THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN before := to_jsonb(OLD) - hidden; END IF;
  IF TG_OP <> 'DELETE' THEN after := to_jsonb(NEW) - hidden; END IF;
  SELECT jsonb_object_agg(k, jsonb_build_object('before', before -> k, 'after', after -> k)) INTO changes
    FROM jsonb_object_keys(coalesce(before, '{}'::jsonb) || coalesce(after, '{}'::jsonb)) AS k
    -- A field absent on one side (insert, delete) and null on the other did not change.
    WHERE coalesce(before -> k, 'null'::jsonb) IS DISTINCT FROM coalesce(after -> k, 'null'::jsonb);
  IF changes IS NULL THEN
    RETURN NULL; -- only bookkeeping or hidden columns changed
  END IF;
  INSERT INTO audit_events (request_id, operation_id, actor_type, actor_id, actor_name, actor_agency_id, resource_type, resource_id, action, changes)
  VALUES (nullif(current_setting('plantrack.request_id', true), ''), nullif(current_setting('plantrack.operation_id', true), ''),
          actor ->> 'type', actor ->> 'id', actor ->> 'name', (actor ->> 'agencyId')::uuid,
          TG_TABLE_NAME, coalesce(after, before) ->> TG_ARGV[0], lower(TG_OP), changes);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON agencies FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON agency_groups FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON agency_group_members FOR EACH ROW EXECUTE FUNCTION plantrack_audit('group_id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON programs FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON task_groups FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON task_supporters FOR EACH ROW EXECUTE FUNCTION plantrack_audit('task_id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON indicators FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON indicator_values FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id', 'secret_hash', 'last_used_at');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id', 'secret', 'consecutive_failures');
