"""One `Settings` for the whole service, read from `MYGEMINI_*` environment variables.

Nested groups use a double underscore: `MYGEMINI_AUTH__JWT_SECRET`,
`MYGEMINI_OAUTH__GOOGLE__CLIENT_ID`.
The most common ones also have short flat names (`MYGEMINI_DATABASE_URL`, `MYGEMINI_REDIS_URL`).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # refused in production


class AuthSettings(BaseModel):
    jwt_secret: str = DEV_SECRET
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    # Login throttle: this many failures per account or per IP inside the window → 429.
    login_max_failures: int = 10
    login_window_seconds: int = 15 * 60
    cookie_secure: bool = False


class OAuthProviderSettings(BaseModel):
    client_id: str = ""
    client_secret: str = ""
    # OpenID Connect discovery document; the defaults are the real providers.
    metadata_url: str = ""
    scope: str = "openid email profile"

    @property
    def enabled(self) -> bool:
        return bool(self.client_id and self.client_secret)


class OAuthSettings(BaseModel):
    google: OAuthProviderSettings = OAuthProviderSettings(
        metadata_url="https://accounts.google.com/.well-known/openid-configuration",
    )
    kakao: OAuthProviderSettings = OAuthProviderSettings(
        metadata_url="https://kauth.kakao.com/.well-known/openid-configuration",
        scope="openid profile_nickname account_email",
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MYGEMINI_",
        env_nested_delimiter="__",
        extra="ignore",
    )

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("./var")
    # Empty → SQLite file under data_dir (embedded mode).
    database_url: str = ""
    # Empty → in-process broker / pub-sub / rate limits (embedded mode).
    redis_url: str = ""
    # Public origin of the web app; used for OAuth redirect URIs and the CSRF origin check.
    public_url: str = "http://127.0.0.1:8000"
    ranking_tz: str = "Asia/Seoul"
    log_level: str = "INFO"
    log_json: bool = False
    web_dist: Path | None = None

    auth: AuthSettings = Field(default_factory=AuthSettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        if self.env == "production" and self.auth.jwt_secret == DEV_SECRET:
            raise ValueError("MYGEMINI_AUTH__JWT_SECRET must be set to a real secret in production")
        if self.env == "production" and len(self.auth.jwt_secret) < 32:
            raise ValueError("MYGEMINI_AUTH__JWT_SECRET must be at least 32 characters")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'mygemini.db').resolve()}"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()


def random_secret() -> str:
    return secrets.token_urlsafe(48)
