-- The audit trail (0003) for the reporting and amendment tables. Review histories (report_transitions,
-- amendment_transitions) are themselves append-only records and need no trail of their own.
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON public_holidays FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON report_task_updates FOR EACH ROW EXECUTE FUNCTION plantrack_audit('report_id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON report_indicator_values FOR EACH ROW EXECUTE FUNCTION plantrack_audit('report_id');--> statement-breakpoint
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON amendments FOR EACH ROW EXECUTE FUNCTION plantrack_audit('id');
