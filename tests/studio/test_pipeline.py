"""The generation pipeline runs whatever handler the owning domain registered for a job's
purpose, and drops the files a job stored once the job was taken away from its worker."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from mygemini.core.context import AppContext
from mygemini.models import Gemini, Generation, GenerationStatus, Purpose
from mygemini.pipeline.purposes import handler_for, register_purpose
from mygemini.pipeline.service import end_unsuccessfully
from mygemini.pipeline.worker import run_generation
from mygemini.render.base import RenderRequest, RenderResult
from tests.conftest import sign_up
from tests.studio.conftest import generate, ledger_state, studio_app, wait_for
from tests.waiting import eventually


async def test_files_of_a_job_taken_away_while_it_stored_them_are_deleted(
    tmp_path: Path, database_url: str, redis_url: str
) -> None:
    stored: list[str] = []

    async def store_then_lose_the_job(
        ctx: AppContext, generation: Generation, request: RenderRequest, result: RenderResult
    ) -> tuple[str, ...]:
        keys = await portraits.store(ctx, generation, request, result)
        stored.extend(keys)
        # Cancelled (or swept) while the files were written: the job is no longer ours.
        async with ctx.db.unit_of_work() as uow:
            assert await end_unsuccessfully(
                uow,
                ctx,
                generation,
                GenerationStatus.CANCELLED,
                None,
                (GenerationStatus.RUNNING,),
            )
        return keys

    async with studio_app(tmp_path, database_url, redis_url, worker=False) as app:
        ctx: AppContext = app.state.ctx
        # The gallery registered its handler when the app was built; this process only runs the
        # replacement (scaled out, the test runs the job here itself).
        portraits = handler_for(Purpose.PORTRAIT)
        register_purpose(Purpose.PORTRAIT, replace(portraits, store=store_then_lose_the_job))
        try:
            me = await sign_up(app)
            job = (await generate(me)).json()
            if redis_url:
                await run_generation(ctx, job["id"])
            ended = await wait_for(me, job["id"], {"succeeded", "failed", "cancelled"})
            assert ended["status"] == "cancelled" and ended["gemini_id"] is None

            async def still_there() -> list[str]:
                return [k for k in stored if await ctx.storage.get(k) is not None]

            # The worker deletes them right after it finds the job gone.
            await eventually(
                still_there,
                "the job's files to be deleted",
                until=lambda left: bool(stored) and not left,
                within=10,
            )
            assert len(stored) == 2  # the original and the thumbnail (ADR 0018)
            # The gemini its success transaction wrote before finding the job gone (ADR 0019)
            # rolled back with it.
            async with ctx.db.read_only() as uow:
                geminis = await uow.session.scalar(
                    select(func.count()).select_from(Gemini).where(Gemini.owner_id == me.id)
                )
            assert geminis == 0
            # Charged once, refunded once.
            assert await ledger_state(app, me.id) == (
                10,
                10,
                ["signup_grant", "generation", "refund"],
            )
            await me.client.aclose()
        finally:
            register_purpose(Purpose.PORTRAIT, portraits)
