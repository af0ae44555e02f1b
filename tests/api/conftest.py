"""Fixtures of the agent UI's tests: the usual queue, a client, and a client signed in."""

from tests.support.agent_ui import agent, agent_settings, client

__all__ = ["agent", "agent_settings", "client"]
