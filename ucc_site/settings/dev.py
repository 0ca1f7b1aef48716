"""The embedded default for `make run`: DEBUG on, a local secret, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["*"]
