"""`eventwire serve`: the REST API (FastAPI) and the web page in `static/`."""

from eventwire.serve.app import create_app
from eventwire.serve.settings import Settings, SettingsError

__all__ = ["Settings", "SettingsError", "create_app"]
