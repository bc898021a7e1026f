-- The audit trail (0003) for agency lineage.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON lineage_events FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON lineage_event_agencies FOR EACH ROW EXECUTE FUNCTION plantrack_audit('event_id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON lineage_task_assignments FOR EACH ROW EXECUTE FUNCTION plantrack_audit('event_id');
