"""Runtime configuration, read once from ``SUNSHINE_*`` environment variables.

Everything has an embedded default so that one machine with no set-up works: SQLite and the
tantivy index under ``SUNSHINE_HOME``.  Production overrides the URLs; nothing else changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SUNSHINE_", env_file=None, extra="ignore")

    home: Path = Field(default=Path("./var"), description="all local state lives here")
    database_url: str | None = Field(default=None, description="default: sqlite under home")
    secret_key: SecretStr | None = Field(default=None, description="base64 AES-256 key; default: key file")
    search_backend: str = Field(default="tantivy", pattern="^(tantivy|elasticsearch)$")
    elasticsearch_url: str | None = None
    elasticsearch_index: str = "sunshine-decisions"
    elasticsearch_analyzer: str | None = Field(
        default=None, pattern="^(smartcn|ik)$", description="word analyzer plugin; default: cjk bigrams only"
    )
    ner_model_path: Path | None = Field(default=None, description="default: the bundled model")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    base_url: str = "http://127.0.0.1:8000"
    cors_origins: list[str] = Field(default_factory=list)
    rate_limit: str = "120/minute"
    session_secret: SecretStr | None = None
    cookie_secure: bool = False
    four_eyes_fine_yuan: float = 5000.0
    worker_interval_seconds: float = 2.0

    @property
    def home_dir(self) -> Path:
        self.home.mkdir(parents=True, exist_ok=True)
        return self.home

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home_dir / 'sunshine.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        path = self.home_dir / "index"
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def key_file(self) -> Path:
        return self.home_dir / "secret.key"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Tests change the environment between cases; this forgets the cached instance."""
    get_settings.cache_clear()
