"""`mygemini serve | migrate | worker | scheduler | demo | openapi | socket-schema`."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from mygemini.config import Settings, get_settings
from mygemini.core.logging import configure_logging

log = logging.getLogger("mygemini")


def migrate() -> None:
    from alembic import command

    from mygemini.migrations import alembic_config

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.resolved_database_url), "head")
    log.info("database at head")


def proxy_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's proxy-header options: believe `X-Forwarded-*` only from the trusted proxies.

    With none configured the headers are ignored altogether (uvicorn would otherwise fall back to
    trusting 127.0.0.1, and any local client could then pick the address the throttle sees).
    """
    trusted = settings.trusted_proxies.strip()
    if not trusted:
        return {"proxy_headers": False, "forwarded_allow_ips": []}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}


def serve(host: str, port: int, *, run_migrations: bool, reload: bool, shutdown_grace: int) -> None:
    import uvicorn

    if run_migrations:
        migrate()
    uvicorn.run(
        "mygemini.app:serve_asgi",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        log_config=None,
        **proxy_options(get_settings()),
        # On SIGTERM, open requests (a long poll, a slow client) get this long to finish, then
        # they are cancelled: a stop never waits on a stranger's connection.
        timeout_graceful_shutdown=shutdown_grace,
    )


async def _work() -> None:
    from taskiq.api import run_receiver_task

    from mygemini.app import build_context
    from mygemini.core.heap import freeze_start_up_heap, reuse_freed_buffers
    from mygemini.core.jobs import jobs_in_progress

    settings = get_settings()
    if not settings.redis_url:
        raise SystemExit(
            "mygemini worker needs MYGEMINI_REDIS_URL; embedded mode runs jobs inside `serve`"
        )
    ctx = build_context(settings, write_only_realtime=True)
    await ctx.jobs.startup()
    ctx.renderer()  # load the model before taking jobs
    freeze_start_up_heap()
    reuse_freed_buffers()
    log.info("worker ready: renderer=%s stream=%s", settings.render.backend, settings.jobs_stream)
    try:
        await run_receiver_task(ctx.jobs.broker, max_async_tasks=jobs_in_progress(settings))
    finally:
        await ctx.jobs.shutdown()
        await ctx.db.dispose()


async def _schedule() -> None:
    from mygemini.app import build_context
    from mygemini.scheduler import resend_forever, run_forever

    ctx = build_context(get_settings(), write_only_realtime=bool(get_settings().redis_url))
    # Stopped, not cancelled: a signal lets each loop end its transaction first.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    log.info("scheduler ready")
    try:
        await asyncio.gather(run_forever(ctx, stop), resend_forever(ctx, stop))
    finally:
        await ctx.jobs.shutdown()
        await ctx.db.dispose()


def openapi(target: str | None) -> None:
    from mygemini.app import create_app

    text = json.dumps(create_app().openapi(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if target:
        Path(target).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def socket_schema(target: str | None) -> None:
    from mygemini.app import create_app

    schema = create_app().state.ctx.realtime.schema()
    text = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    if target:
        Path(target).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="mygemini", description="mygemini - meet another you")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="serve the web app, API and socket.io")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8000)
    p_serve.add_argument(
        "--no-migrate", action="store_true", help="do not upgrade the schema first"
    )
    p_serve.add_argument("--reload", action="store_true", help="restart on code changes")
    p_serve.add_argument(
        "--shutdown-grace",
        type=int,
        default=5,
        metavar="SECONDS",
        help="on SIGTERM, how long open requests may take before they are cut (default 5)",
    )
    sub.add_parser("migrate", help="upgrade the database schema to the latest version")
    sub.add_parser("worker", help="render jobs from the Redis queue (scaled out)")
    sub.add_parser("scheduler", help="run the domains' periodic work (scaled out)")
    p_demo = sub.add_parser("demo", help="fill the database with demo people, geminis and likes")
    p_demo.add_argument("--users", type=int, default=50)
    p_demo.add_argument("--geminis", type=int, default=200)
    p_demo.add_argument("--likes", type=int, default=2000)
    p_api = sub.add_parser("openapi", help="write the OpenAPI document")
    p_api.add_argument("target", nargs="?", help="file to write (default: stdout)")
    p_socket = sub.add_parser(
        "socket-schema", help="write the socket.io events' schema (client and server events)"
    )
    p_socket.add_argument("target", nargs="?", help="file to write (default: stdout)")
    args = parser.parse_args(argv)

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_json)
    if args.command == "serve":
        serve(
            args.host,
            args.port,
            run_migrations=not args.no_migrate,
            reload=args.reload,
            shutdown_grace=args.shutdown_grace,
        )
    elif args.command == "migrate":
        migrate()
    elif args.command == "worker":
        asyncio.run(_work())
    elif args.command == "scheduler":
        asyncio.run(_schedule())
    elif args.command == "demo":
        from mygemini.demo import fill

        migrate()
        asyncio.run(fill(get_settings(), args.users, args.geminis, args.likes))
    elif args.command == "openapi":
        openapi(args.target)
    elif args.command == "socket-schema":
        socket_schema(args.target)


if __name__ == "__main__":
    main()
