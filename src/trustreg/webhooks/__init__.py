"""Signed webhooks (Standard Webhooks): subscriptions, the outbox's fan-out, guarded delivery."""
