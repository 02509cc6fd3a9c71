"""The event outbox: what happened, recorded in the same transaction as the change itself.

A bottom part (it depends on Django only), so the services of every part above can record their
events where the change is made; the webhooks part reads the outbox and delivers after commit.
"""
