"""Gesture poses: arms and hands drawn by the built-in renderer for every costume, at four-cut
cell size and as cutouts; the skeleton and prompt words that carry a pose to diffusion models."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image, ImageChops

from mygemini.render.a1111 import A1111Renderer
from mygemini.render.base import POSE_SETS, Pose, RenderRequest
from mygemini.render.pose import POSE_WORDS, keypoints, skeleton_image, with_pose_words
from mygemini.render.vector import VectorRenderer
from mygemini.render.vector.figure import resolve
from mygemini.studio.catalog import Recipe, load_catalog, preview_attributes
from mygemini.studio.prompt import build_render_request

CELL = (256, 340)  # one frame of a 2x2 life four-cut
SEED = 1234  # a seed whose front portrait stays front (a plain portrait may strike a gesture)
GESTURES = [p for p in Pose if p.value not in {"front", "close_up"} and "quarter" not in p.value]


def _render(attributes: dict[str, str], pose: Pose, *, cutout: bool = False) -> Image.Image:
    request = build_render_request(
        load_catalog(), Recipe(attributes), seed=SEED, pose=pose, size=CELL
    )
    if cutout:
        request = RenderRequest(**{**request.__dict__, "cutout": True})
    return VectorRenderer().render(request).image


def _outside_the_face(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels away from the face (where arms and hands go) that clearly differ."""
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA")).convert("L")
    # the face and hair box at 256x340: a head tilt alone changes pixels only in here
    diff.paste(0, (70, 40, 186, 215))
    changed = sum(diff.point(lambda v: 255 if v > 40 else 0).histogram()[255:])
    return changed / (a.width * a.height - 116 * 175)


def test_the_comparison_seed_keeps_front_portraits_front() -> None:
    assert resolve({}, SEED, Pose.FRONT).pose is Pose.FRONT
    # ...while about one plain portrait in four strikes a gesture of its own
    struck = sum(resolve({}, seed, Pose.FRONT).pose is not Pose.FRONT for seed in range(400))
    assert 40 < struck < 200
    assert all(resolve({}, seed, Pose.WAVE).pose is Pose.WAVE for seed in range(50))


def test_every_pose_set_names_four_gestures_the_renderer_draws() -> None:
    assert set(POSE_SETS) >= {"sample", "shooting", "victory", "squad"}
    assert all(len(poses) == 4 and set(poses) <= set(GESTURES) for poses in POSE_SETS.values())
    assert len(GESTURES) == 12


@pytest.mark.parametrize("costume", [o.id for o in load_catalog().category("costume").options])  # type: ignore[union-attr]
def test_each_gesture_shows_arms_and_hands_for_every_costume(costume: str) -> None:
    attributes = preview_attributes(load_catalog(), "costume", costume)
    front = _render(attributes, Pose.FRONT)
    pictures = {front.tobytes()}
    for pose in GESTURES:
        image = _render(attributes, pose)
        share = _outside_the_face(front, image)
        assert share > 0.01, f"{costume}/{pose}: only {share:.1%} of the arm region changed"
        pictures.add(image.tobytes())
    assert len(pictures) == len(GESTURES) + 1


def test_gestures_work_as_cutouts() -> None:
    attributes = dict(load_catalog().presets[0].attributes)
    front = _render(attributes, Pose.FRONT, cutout=True)
    for pose in GESTURES:
        image = _render(attributes, pose, cutout=True)
        assert image.mode == "RGBA" and image.size == CELL
        assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]
        assert _outside_the_face(front, image) > 0.01, pose


def test_the_skeleton_is_deterministic_and_shows_the_pose() -> None:
    digests = {}
    for pose in Pose:
        first = skeleton_image(pose, (512, 680))
        again = skeleton_image(pose, (512, 680))
        assert first.tobytes() == again.tobytes()
        assert first.mode == "RGB" and first.getpixel((0, 0)) == (0, 0, 0)
        digests[pose] = hashlib.sha256(first.tobytes()).hexdigest()
        points = keypoints(pose)
        assert len(points) == 18 and points[0] is not None and points[1] is not None
    assert len(set(digests.values())) == len(Pose)
    # any size, any aspect (a four-cut cell, a wide crop)
    assert skeleton_image(Pose.WAVE, CELL).size == CELL
    assert skeleton_image(Pose.WAVE, (768, 512)).size == (768, 512)
    # a wave raises the person's left wrist (the viewer's right) above the shoulders
    wrist, shoulder = keypoints(Pose.WAVE)[7], keypoints(Pose.WAVE)[5]
    assert wrist is not None and shoulder is not None and wrist[1] < shoulder[1]
    assert keypoints(Pose.FRONT)[7] is None  # a hanging arm's wrist is out of the picture


def test_pose_words_reach_prompt_only_renderers() -> None:
    assert all(POSE_WORDS[p] for p in GESTURES)
    assert with_pose_words("1girl", Pose.FRONT) == "1girl"
    assert (
        with_pose_words("1girl", Pose.PEACE) == "1girl, (peace sign, v sign, hand next to face:1.2)"
    )
    request = build_render_request(
        load_catalog(), Recipe(dict(load_catalog().preview_base)), seed=1, pose=Pose.HEART_HANDS
    )
    payload = A1111Renderer("http://a1111.invalid").payload(request)
    assert payload["prompt"].endswith("(heart hands, hands forming a heart in front of chest:1.2)")
    assert payload["prompt"].startswith(request.prompt)
