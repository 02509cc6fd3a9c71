"""A read-only Model Context Protocol server over the registry (stdio and streamable HTTP)."""
