from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mygemini.core.text import CleanText
from mygemini.models.pipeline import GenerationStatus
from mygemini.render.base import MAX_SEED


class RecipeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attributes: dict[str, str] = Field(max_length=32)
    # The 200-character rule is checked by the service (a 400 that says so); this only bounds
    # what we are willing to read.
    extra_prompt: CleanText | None = Field(default=None, max_length=2000)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)


class PreviewIn(BaseModel):
    """A recipe being picked: only its attributes (the extra prompt and seed are the summon's)."""

    model_config = ConfigDict(extra="forbid")
    attributes: dict[str, str] = Field(max_length=32)


class GenerationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    recipe: RecipeIn


class VaryIn(BaseModel):
    """A recipe to summon `vary_count` times at once, each with a seed of its own (so no seed)."""

    model_config = ConfigDict(extra="forbid")
    recipe: RecipeIn


class RecipeView(BaseModel):
    attributes: dict[str, str]
    extra_prompt: str | None = None


class GenerationOut(BaseModel):
    id: int
    status: GenerationStatus
    progress: float
    position: int
    cost: int
    seed: int
    gemini_id: int | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    recipe: RecipeView
    # the result's thumbnail once it succeeded
    thumbnail_url: str | None = None
    # the vary this summon is one of (its siblings share it); None for a single summon
    batch: str | None = None


class VaryOut(BaseModel):
    """The summons of one vary, charged together; each becomes a private gemini of its own
    (keep it, publish it, or delete it: `DELETE /api/geminis/{id}`)."""

    batch: str
    cost: int
    items: list[GenerationOut]


class GenerationPage(BaseModel):
    items: list[GenerationOut]
    next_cursor: str | None


class OptionOut(BaseModel):
    id: str
    label: str
    preview_url: str


class WhenRule(BaseModel):
    """Show the category only when `category`'s chosen option is in `in` (if given) and not in
    `not_in`, e.g. the male hair styles when gender is male."""

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)
    category: str
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] = Field(default_factory=list)


class CategoryOut(BaseModel):
    id: str
    label: str
    required: bool
    when: WhenRule | None
    options: list[OptionOut]


class PresetOut(BaseModel):
    id: str
    label: str
    preview_url: str
    attributes: dict[str, str]


class CatalogOut(BaseModel):
    categories: list[CategoryOut]
    presets: list[PresetOut]
    cost: int
    # what a vary summons (how many seeds) and costs in all
    vary_count: int
    vary_cost: int


class VocabularyWordOut(BaseModel):
    id: str
    kind: Literal["prop", "mood"]
    label: str
    # the Korean and English words that name it in an extra prompt
    words: list[str]


class VocabularyOut(BaseModel):
    """What the configured renderer reads in an extra prompt: a diffusion renderer reads the
    whole text; the built-in renderer only these words (props it draws, moods it paints)."""

    renderer: str
    reads_free_text: bool
    words: list[VocabularyWordOut]
