"""The catalog as the API shows it, in the caller's language."""

from __future__ import annotations

from mygemini.render.vector.props import VOCABULARY
from mygemini.studio.catalog import Catalog
from mygemini.studio.previews import PRESET, preview_url
from mygemini.studio.schemas import (
    CatalogOut,
    CategoryOut,
    OptionOut,
    PresetOut,
    VocabularyOut,
    VocabularyWordOut,
    WhenRule,
)

# Renderers that read an extra prompt's whole text (the built-in one reads its vocabulary).
FREE_TEXT_RENDERERS = frozenset({"diffusers", "a1111"})


def catalog_out(
    catalog: Catalog, language: str, cost: int, vary_count: int, vary_cost: int
) -> CatalogOut:
    return CatalogOut(
        categories=[
            CategoryOut(
                id=c.id,
                label=c.label.get(language),
                required=c.required,
                when=(
                    None
                    if c.when is None
                    else WhenRule(
                        category=c.when.category,
                        in_=sorted(c.when.in_) if c.when.in_ is not None else None,
                        not_in=sorted(c.when.not_in),
                    )
                ),
                options=[
                    OptionOut(
                        id=o.id, label=o.label.get(language), preview_url=preview_url(c.id, o.id)
                    )
                    for o in c.options
                ],
            )
            for c in catalog.categories
        ],
        presets=[
            PresetOut(
                id=p.id,
                label=p.label.get(language),
                preview_url=preview_url(PRESET, p.id),
                attributes=dict(p.attributes),
            )
            for p in catalog.presets
        ],
        cost=cost,
        vary_count=vary_count,
        vary_cost=vary_cost,
    )


def vocabulary_out(language: str, renderer: str) -> VocabularyOut:
    korean = language.lower().startswith("ko")
    return VocabularyOut(
        renderer=renderer,
        reads_free_text=renderer in FREE_TEXT_RENDERERS,
        words=[
            VocabularyWordOut(
                id=w.id,
                kind=w.kind,
                label=w.label_ko if korean else w.label_en,
                words=[*w.ko, *w.en],
            )
            for w in VOCABULARY
        ],
    )
