from django.apps import AppConfig


class McpConfig(AppConfig):
    name = "trustreg.mcp"
    label = "trustreg_mcp"
    verbose_name = "MCP server"
