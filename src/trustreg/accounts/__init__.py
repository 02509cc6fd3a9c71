"""The bottom part every other part may use: who may do what (roles) and the audit trail."""
