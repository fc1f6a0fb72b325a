"""One `Settings` for the whole service, read from `MYGEMINI_*` environment variables.

Nested groups use a double underscore: `MYGEMINI_AUTH__JWT_SECRET`,
`MYGEMINI_OAUTH__GOOGLE__CLIENT_ID`.
The most common ones also have short flat names (`MYGEMINI_DATABASE_URL`, `MYGEMINI_REDIS_URL`).
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

# Secrets that were ever published in this source: anyone could sign tokens with them, so they are
# refused everywhere (this one was the development default until a random one replaced it).
PUBLISHED_SECRETS = frozenset({"dev-only-secret-change-me-0123456789abcdef"})
SECRET_MIN_LENGTH = 32


class AuthSettings(BaseModel):
    # Empty → outside production, a random secret kept in `data_dir` (see `secret_file`).
    jwt_secret: str = ""
    access_token_minutes: int = 15
    refresh_token_days: int = 30
    # Login throttle, failures inside the window → 429: per (account, IP) and per account at
    # `login_max_failures`/`login_max_failures_per_account`, and per IP alone at a much higher
    # bound, so one person's typos never lock out everyone behind a shared (school, office, NAT)
    # address (docs/adr/0013-gallery-discovery.md).
    login_max_failures: int = 10
    login_max_failures_per_account: int = 10
    login_max_failures_per_ip: int = 100
    login_window_seconds: int = 15 * 60
    cookie_secure: bool = False
    # argon2id's cost: RFC 9106's second recommended setting (3 passes over 64 MiB, 4 lanes),
    # ~100 ms a hash here. Lower only where nothing real is kept (the test suite hashes thousands
    # of throwaway passwords); production refuses anything below these.
    password_time_cost: int = Field(default=3, ge=1)
    password_memory_kib: int = Field(default=64 * 1024, ge=8)
    password_parallelism: int = Field(default=4, ge=1)


def _weaker_password_hashing(auth: AuthSettings) -> bool:
    recommended = AuthSettings()
    return (
        auth.password_time_cost < recommended.password_time_cost
        or auth.password_memory_kib < recommended.password_memory_kib
    )


class OAuthProviderSettings(BaseModel):
    client_id: str = ""
    client_secret: str = ""
    # OpenID Connect discovery document; the defaults are the real providers.
    metadata_url: str = ""
    scope: str = "openid email profile"

    @property
    def enabled(self) -> bool:
        return bool(self.client_id and self.client_secret)


# One class per provider, so that setting only MYGEMINI_OAUTH__GOOGLE__CLIENT_ID keeps the
# provider's own discovery URL and scope as defaults.
class GoogleSettings(OAuthProviderSettings):
    metadata_url: str = "https://accounts.google.com/.well-known/openid-configuration"


class KakaoSettings(OAuthProviderSettings):
    metadata_url: str = "https://kauth.kakao.com/.well-known/openid-configuration"
    scope: str = "openid profile_nickname account_email"


class OAuthSettings(BaseModel):
    google: GoogleSettings = Field(default_factory=GoogleSettings)
    kakao: KakaoSettings = Field(default_factory=KakaoSettings)
    # Providers rotate signing keys and may move endpoints: discovery documents and key sets are
    # kept this long (a token signed by an unknown key refetches the key set at once).
    discovery_cache_seconds: int = Field(default=3600, ge=0)
    # How far the provider's clock may be off ours when checking an ID token's iat/nbf/exp.
    clock_skew_seconds: int = Field(default=90, ge=0, le=600)


class StorageSettings(BaseModel):
    backend: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""  # empty → AWS; set for MinIO and other S3-compatible stores
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    # Where the bucket's objects are publicly readable (a CDN or public bucket). Empty → the
    # app hands out presigned GET URLs.
    public_base_url: str = ""
    # Lifetime of the signed URLs that originals and private pictures are handed out with:
    # S3 presigned URLs and the local /media signatures alike (docs/adr/0006-media-access.md).
    presign_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    # A private gemini worn as an avatar is shown to others through URLs this short-lived.
    avatar_url_seconds: int = Field(default=300, ge=10, le=24 * 3600)
    # Key of the local /media signatures. Empty → derived from the JWT secret.
    signing_secret: str = ""


class RenderSettings(BaseModel):
    # vector: built-in, CPU, no weights. diffusers: Stable Diffusion on this host (mygemini[sd]).
    # a1111: a remote A1111-compatible server. noop: a blank canvas after a delay (benchmarks).
    backend: Literal["vector", "diffusers", "a1111", "noop"] = "vector"
    model_path: str = ""
    # The model's diffusers config folder, for a single-file SD 1.x checkpoint (no downloads).
    model_config_path: str = ""
    scheduler: str = "dpmpp_2m_karras"
    # An OpenPose ControlNet (a local diffusers folder) that steers the four-cut poses with a
    # skeleton the project draws. Empty (the default): poses reach the model as prompt words.
    controlnet_path: str = ""
    steps: int = 25
    cfg_scale: float = 7.0
    a1111_url: str = ""
    noop_seconds: float = 0.0
    # Jobs one worker process renders at a time (a GPU wants 1). A light renderer (the no-op one
    # without a delay) takes no slot: its jobs are bounded by jobs.concurrency (ADR 0016).
    concurrency: int = 1


class JobSettings(BaseModel):
    """The generation pipeline's job system: liveness, retries, the sweeper and the outbox."""

    max_attempts: int = 3
    # A running job whose worker has not beaten its heart for this long is presumed dead.
    heartbeat_timeout_seconds: float = 60.0
    heartbeat_interval_seconds: float = 1.0
    # A queued job not picked up for this long is handed to the broker again.
    requeue_after_seconds: float = 300.0
    # How often the scheduler runs the domains' periodic work (the sweeper among it).
    sweep_interval_seconds: float = 15.0
    # A queued job whose message never reached the broker (a broker outage, a process killed
    # right after commit) or was lost with it (a Redis restart) is sent again within this long.
    resend_interval_seconds: float = 2.0
    # Jobs one process (a worker, or `serve` embedded) has in progress at once: claiming,
    # storing and finishing overlap, while the renders among them are bounded by
    # render.concurrency. A light job (an instant no-op render, ADR 0016) is mostly waiting on
    # the database; one at a time left a worker idle between round trips.
    concurrency: int = 8


class StudioSettings(BaseModel):
    generation_cost: int = 1
    # Summons (a vary counts as one) a person may have queued or running at once.
    max_unfinished_per_person: int = 3
    # "Vary": this many seeds of one recipe at once, for `vary_cost` stars (unset: that many
    # summons' price).
    vary_count: int = Field(default=4, ge=2, le=8)
    vary_cost: int | None = Field(default=None, ge=0)

    # Draw all option previews in the background when a server starts.
    warm_previews: bool = True

    @property
    def vary_price(self) -> int:
        return (
            self.vary_cost if self.vary_cost is not None else self.vary_count * self.generation_cost
        )


class StarPackage(BaseModel):
    """Stars sold together at one price (KRW, VAT included)."""

    id: str = Field(pattern=r"^[a-z0-9_-]{1,32}$")
    stars: int = Field(gt=0)
    price_krw: int = Field(gt=0)


def _default_packages() -> list[StarPackage]:
    return [
        StarPackage(id="stars10", stars=10, price_krw=9_900),
        StarPackage(id="stars30", stars=30, price_krw=27_000),
        StarPackage(id="stars100", stars=100, price_krw=79_000),
    ]


class KakaoPaySettings(BaseModel):
    # Empty → KakaoPay is off. A SecretStr, so that no repr or log of the settings shows it.
    secret_key: SecretStr = SecretStr("")
    # TC0ONETIME is KakaoPay's test merchant: payments through it move no money.
    cid: str = "TC0ONETIME"
    api_url: str = "https://open-api.kakaopay.com"
    # Every call to KakaoPay gives up after this long (connect, write, read each).
    timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key.get_secret_value())


class PaymentSettings(BaseModel):
    kakaopay: KakaoPaySettings = Field(default_factory=KakaoPaySettings)
    # The test payment provider approves at once and moves no money. None → on outside
    # production; it is refused in production whatever this says.
    test_provider: bool | None = None
    packages: list[StarPackage] = Field(default_factory=_default_packages, min_length=1)
    # A purchase whose stars are all still in the wallet may be refunded this many days.
    refund_days: int = Field(default=7, ge=0)
    # An order still `ready` this long after it was made is settled by asking KakaoPay.
    reconcile_after_minutes: int = Field(default=15, ge=1)

    @model_validator(mode="after")
    def _unique_package_ids(self) -> PaymentSettings:
        ids = [p.id for p in self.packages]
        if len(ids) != len(set(ids)):
            raise ValueError("MYGEMINI_PAYMENTS__PACKAGES has two packages with the same id")
        return self


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
    # Starts every Redis key, the job stream and the socket.io channel, so that deployments
    # sharing one Redis (pub/sub channels ignore the database number) never see each other's
    # jobs, throttles or events. Empty → "mygemini:" + a hash of the database's name and user
    # (not its host: workers may reach the same database by another address). Set it when two
    # deployments use databases of the same name and user on one Redis.
    redis_prefix: str = ""
    # The Redis stream that carries job ids to workers (scaled out). Empty → "<redis_prefix>:jobs".
    jobs_stream: str = ""
    # How long connecting to Redis or one command may take; past it, requests that need Redis
    # answer 503 instead of hanging.
    redis_timeout_seconds: float = 2.0
    # How long a connection counts as online (a table's online dots) past its process's last
    # heartbeat (every third of it): a killed process's people go offline within this.
    presence_ttl_seconds: float = Field(default=30.0, gt=0)
    ranking_tz: str = "Asia/Seoul"
    # How long a computed live TOP 5 is shared before it is counted again.
    ranking_cache_seconds: float = 10.0
    # Hot reads (the feed) answer a plainly valid request by hand, without FastAPI's dependency
    # solving and validation (core/fastpath.py); off: every request through FastAPI (same answers).
    fast_reads: bool = True
    # Proxies whose X-Forwarded-For is believed (client IPs feed the login throttle), comma
    # separated, or "*". Empty → none: without a proxy in front, any client could claim any IP.
    trusted_proxies: str = ""
    log_level: str = "INFO"
    log_json: bool = False
    web_dist: Path | None = None

    auth: AuthSettings = Field(default_factory=AuthSettings)
    oauth: OAuthSettings = Field(default_factory=OAuthSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    render: RenderSettings = Field(default_factory=RenderSettings)
    studio: StudioSettings = Field(default_factory=StudioSettings)
    jobs: JobSettings = Field(default_factory=JobSettings)
    payments: PaymentSettings = Field(default_factory=PaymentSettings)

    @model_validator(mode="after")
    def _derive_redis_names(self) -> Settings:
        if not self.redis_prefix:
            self.redis_prefix = default_redis_prefix(self.resolved_database_url)
        if not self.jobs_stream:
            self.jobs_stream = f"{self.redis_prefix}:jobs"
        return self

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        secret = self.auth.jwt_secret
        if secret in PUBLISHED_SECRETS:
            raise ValueError("MYGEMINI_AUTH__JWT_SECRET is a published placeholder; set a real one")
        if self.env == "production" and not secret:
            raise ValueError("MYGEMINI_AUTH__JWT_SECRET must be set in production")
        if self.env == "production" and len(secret) < SECRET_MIN_LENGTH:
            raise ValueError(
                f"MYGEMINI_AUTH__JWT_SECRET must be at least {SECRET_MIN_LENGTH} characters"
            )
        if self.env == "production" and self.payments.test_provider:
            raise ValueError("MYGEMINI_PAYMENTS__TEST_PROVIDER is refused in production")
        if self.env == "production" and _weaker_password_hashing(self.auth):
            raise ValueError(
                "MYGEMINI_AUTH__PASSWORD_TIME_COST / _MEMORY_KIB below argon2id's recommended "
                "3 passes over 64 MiB are refused in production"
            )
        return self

    @property
    def test_payments_allowed(self) -> bool:
        """The test payment provider: on by default, never in production."""
        return self.env != "production" and self.payments.test_provider is not False

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'mygemini.db').resolve()}"

    @property
    def secret_file(self) -> Path:
        """Where the generated JWT secret is kept when none is configured (not in production)."""
        return self.data_dir / "jwt-secret"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()


def default_redis_prefix(database_url: str) -> str:
    """Distinct per database, the same for every process of one deployment."""
    url = make_url(database_url)
    identity = f"{url.get_backend_name()}|{url.username or ''}|{url.database or ''}"
    return "mygemini:" + hashlib.sha256(identity.encode()).hexdigest()[:10]


def random_secret() -> str:
    return secrets.token_urlsafe(48)
