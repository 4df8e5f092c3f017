"""Static export: every page as files, for hosting without a server."""
