"""The filtered feed is served by indexes on PostgreSQL: EXPLAIN over enough rows that a scan
would cost more shows the attribute index for a look and the name-piece index for a two-syllable
Korean name (docs/adr/0013-gallery-discovery.md). Plans are PostgreSQL's: skipped on SQLite."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import asyncpg

from mygemini.gallery.feed_repository import latest_query
from mygemini.gallery.filters import FeedFilter, parse
from tests.conftest import MakePerson, Person, backend_name

ROWS = 40_000
# One gemini in RARE has pink hair and a name with "바늘" in it; the others share a few looks.
RARE = 400

_FILL = """
INSERT INTO geminis (owner_id, image_key, thumbnail_key, recipe, seed, backend, model, width,
                     height, visibility, name, published_at)
SELECT :owner, 'k' || i, 't' || i, '{}', i, 'noop', 'none', 512, 680, 'public',
       CASE WHEN i % :rare = 0 THEN '바늘 ' || i
            -- two syllables out of all 11 172, as varied as real names
            ELSE chr(44032 + (i * 7919) % 11172) || chr(44032 + (i * 6007) % 11172) || ' ' || i
       END,
       now() - i * interval '1 second'
FROM generate_series(1, :rows) AS i;
INSERT INTO gemini_attributes (gemini_id, category, option)
SELECT id, 'hair_color', CASE WHEN id % :rare = 0 THEN 'pink' ELSE 'black' END FROM geminis;
INSERT INTO gemini_name_grams (gemini_id, gram)
SELECT DISTINCT id, substr(lower(name), n, k) FROM geminis, generate_series(1, 20) AS n,
       generate_series(1, 2) AS k
WHERE n + k - 1 <= length(name) AND substr(lower(name), n, k) NOT IN (' ', '  ');
INSERT INTO gemini_attributes (gemini_id, category, option)
SELECT id, 'costume', (ARRAY['hanbok', 'kimono', 'school_uniform'])[1 + id % 3] FROM geminis;
"""


async def _plan(app: FastAPI, wanted: FeedFilter) -> str:
    sql = str(
        latest_query(None, 25, wanted=wanted).compile(
            dialect=asyncpg.dialect(),  # type: ignore[no-untyped-call]
            compile_kwargs={"literal_binds": True},
        )
    )
    async with app.state.db.unit_of_work() as uow:
        rows = (await uow.session.execute(text("EXPLAIN " + sql))).all()
    return "\n".join(r[0] for r in rows)


async def test_a_look_and_a_name_are_looked_up_by_index(
    make_person: MakePerson, app: FastAPI
) -> None:
    if backend_name() != "postgresql":
        pytest.skip("query plans are checked on PostgreSQL (the scaled-out pass)")
    owner: Person = await make_person()
    async with app.state.db.unit_of_work() as uow:
        for statement in _FILL.strip().split(";\n"):
            params = {"owner": owner.id, "rare": RARE, "rows": ROWS}
            await uow.session.execute(
                text(statement), {k: v for k, v in params.items() if f":{k}" in statement}
            )
    async with app.state.db.unit_of_work() as uow:
        await uow.session.execute(text("ANALYZE geminis"))
        await uow.session.execute(text("ANALYZE gemini_attributes"))
        await uow.session.execute(text("ANALYZE gemini_name_grams"))

    # Looked up, not found by reading every gemini and probing the index for each.
    look = await _plan(app, parse(["hair_color:pink"], None))
    assert "ix_gemini_attributes_lookup" in look and "Seq Scan on geminis" not in look, look
    name = await _plan(app, parse([], "바늘"))
    assert "ix_gemini_name_grams_lookup" in name and "Seq Scan on geminis" not in name, name
    both = await _plan(app, parse(["hair_color:pink", "costume:hanbok"], "바늘 4"))
    assert "Seq Scan on geminis" not in both, both
    assert "ix_gemini_attributes_lookup" in both or "ix_gemini_name_grams_lookup" in both, both

    # And the page those plans serve is right.
    r = await owner.client.get(
        "/api/feed", params={"attr": "hair_color:pink", "q": "바늘", "limit": 60}
    )
    assert r.status_code == 200, r.text
    names = [i["name"] for i in r.json()["items"]]
    # Pink hair and 바늘 go together: a hundred of them, newest first.
    assert len(names) == 60 and names[0] == f"바늘 {RARE}"
    assert all(n.startswith("바늘 ") for n in names)
