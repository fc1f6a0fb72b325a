"""The diffusers renderer on CPU with tiny random-weight components built here (no downloads)."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip(
    "torch", reason="torch not installed: pip install torch==2.13.0 diffusers transformers"
)
diffusers = pytest.importorskip(
    "diffusers", reason="diffusers not installed: pip install diffusers transformers"
)
transformers = pytest.importorskip("transformers", reason="transformers not installed")

from mygemini.render.base import (  # noqa: E402
    Pose,
    RenderCancelled,
    RenderError,
    RenderRequest,
    Subject,
)
from mygemini.render.diffusers_backend import SCHEDULERS, DiffusersRenderer  # noqa: E402
from mygemini.render.sd_prompt import encode_prompts, parse_weights, strip_weights  # noqa: E402

# diffusers' schedulers trip numpy 2's __array__(copy=...) deprecation; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _tokenizer(folder: Path) -> Any:
    """A CLIP BPE tokenizer from a hand-made vocabulary: single characters plus a few merges."""
    chars = list(string.ascii_lowercase + string.digits + ".,:()!?'-")
    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for suffix in ("", "</w>"):
        for char in chars:
            vocab[char + suffix] = len(vocab)
    merges = ["s m", "sm i", "l e</w>", "smi le</w>"]
    for merge in merges:
        vocab[merge.replace(" ", "")] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab))
    (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n")
    return transformers.CLIPTokenizer(
        str(folder / "vocab.json"), str(folder / "merges.txt"), model_max_length=77
    )


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Any:
    torch.manual_seed(0)
    tokenizer = _tokenizer(tmp_path_factory.mktemp("tokenizer"))
    unet = diffusers.UNet2DConditionModel(
        block_out_channels=(8, 16),
        layers_per_block=1,
        sample_size=8,
        in_channels=4,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        cross_attention_dim=16,
        attention_head_dim=2,
        norm_num_groups=4,
    )
    vae = diffusers.AutoencoderKL(
        block_out_channels=(8, 16),
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        latent_channels=4,
        norm_num_groups=4,
    )
    text_encoder = transformers.CLIPTextModel(
        transformers.CLIPTextConfig(
            bos_token_id=0,
            eos_token_id=1,
            pad_token_id=1,
            hidden_size=16,
            intermediate_size=32,
            num_attention_heads=2,
            num_hidden_layers=2,
            vocab_size=len(tokenizer.get_vocab()),
            max_position_embeddings=77,
        )
    )
    scheduler = diffusers.DDIMScheduler(
        beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear"
    )
    return diffusers.StableDiffusionPipeline(
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        unet=unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )


def _renderer(pipeline: Any, scheduler: str = "dpmpp_2m_karras", steps: int = 4) -> Any:
    return DiffusersRenderer(
        "tiny.safetensors",
        scheduler=scheduler,
        steps=steps,
        cfg_scale=5.0,
        device="cpu",
        pipeline=pipeline,
        model_name="tiny",
    )


def _request(**kwargs: Any) -> RenderRequest:
    options: dict[str, Any] = {
        # Longer than one 77-token window with this character-level vocabulary.
        "prompt": "(smile:1.2), cat, " + "star " * 14,
        "negative_prompt": "(lowres:1.4)",
        "seed": 7,
        "width": 64,
        "height": 80,
        **kwargs,
    }
    return RenderRequest(**options)


def test_same_seed_same_image_and_metadata(pipeline: Any) -> None:
    renderer = _renderer(pipeline)
    first = renderer.render(_request())
    second = renderer.render(_request())
    assert first.image.tobytes() == second.image.tobytes()
    assert first.image.size == (64, 80)
    meta = first.metadata[0]
    assert (meta.backend, meta.model, meta.sampler, meta.steps, meta.seed) == (
        "diffusers",
        "tiny",
        "DPM++ 2M Karras",
        4,
        7,
    )
    assert renderer.render(_request(seed=8)).image.tobytes() != first.image.tobytes()


def test_progress_per_step(pipeline: Any) -> None:
    seen: list[float] = []
    _renderer(pipeline, steps=5).render(_request(), on_progress=seen.append)
    assert seen == [0.2, 0.4, 0.6, 0.8, 1.0]


def test_cancel_between_steps(pipeline: Any) -> None:
    steps_seen: list[float] = []
    with pytest.raises(RenderCancelled):
        _renderer(pipeline, steps=6).render(
            _request(), on_progress=steps_seen.append, cancelled=lambda: len(steps_seen) >= 2
        )
    assert len(steps_seen) == 2


def test_batch_images_equal_single_renders(pipeline: Any) -> None:
    renderer = _renderer(pipeline, scheduler="euler_a")  # ancestral: uses the generator per step
    batch = renderer.render(_request(batch_size=2))
    assert [m.seed for m in batch.metadata] == [7, 8]
    for image, seed in zip(batch.images, (7, 8), strict=True):
        single = renderer.render(_request(seed=seed)).image
        # Batched matmuls may round differently from single ones; allow one level of 255.
        diff = max(abs(a - b) for a, b in zip(image.tobytes(), single.tobytes(), strict=True))
        assert diff <= 1


@pytest.mark.parametrize("name", sorted(SCHEDULERS))
def test_every_scheduler_renders(pipeline: Any, name: str) -> None:
    result = _renderer(pipeline, scheduler=name, steps=2).render(_request(prompt="cat"))
    assert result.metadata[0].sampler == SCHEDULERS[name][0]


def test_bad_inputs_are_render_errors(pipeline: Any) -> None:
    with pytest.raises(RenderError, match="multiple of 8"):
        _renderer(pipeline).render(_request(width=68))
    with pytest.raises(RenderError, match="scheduler"):
        DiffusersRenderer("x", scheduler="plms", pipeline=pipeline)
    with pytest.raises(RenderError, match="not found"):
        DiffusersRenderer("/nonexistent/model.safetensors", device="cpu").render(_request())


def test_weights_parse_and_strip() -> None:
    assert parse_weights("a, (smile:1.2), b") == [("a, ", 1.0), ("smile", 1.2), (", b", 1.0)]
    assert strip_weights("(kimono, japanese clothes:1.2), x") == "kimono, japanese clothes, x"


def test_long_prompts_are_chunked_and_weights_change_embeddings(pipeline: Any) -> None:
    tokenizer, encoder = pipeline.tokenizer, pipeline.text_encoder
    long_pos, neg = encode_prompts(tokenizer, encoder, "cat, " * 60, "dog", torch.device("cpu"))
    assert long_pos.shape[1] == neg.shape[1]
    assert long_pos.shape[1] % 77 == 0 and long_pos.shape[1] > 77
    plain, _ = encode_prompts(tokenizer, encoder, "smile", "", torch.device("cpu"))
    heavy, _ = encode_prompts(tokenizer, encoder, "(smile:1.5)", "", torch.device("cpu"))
    assert plain.shape == heavy.shape == (1, 77, 16)
    assert not torch.equal(plain, heavy)


def _controlnet(pipeline: Any) -> Any:
    """A tiny OpenPose-style ControlNet from the tiny UNet. Its zero convolutions get random
    weights: a freshly made ControlNet adds exactly nothing, so a test could not see it work."""
    torch.manual_seed(1)
    # the VAE downsamples by 2: so does the conditioning embedding with two blocks
    controlnet = diffusers.ControlNetModel.from_unet(
        pipeline.unet, conditioning_embedding_out_channels=(4, 8)
    )
    zero_convs = [
        controlnet.controlnet_cond_embedding.conv_out,
        *controlnet.controlnet_down_blocks,
        controlnet.controlnet_mid_block,
    ]
    with torch.no_grad():
        for conv in zero_convs:
            for parameter in conv.parameters():
                parameter.normal_(0, 0.5)
    return controlnet


def test_without_a_controlnet_the_pose_reaches_the_model_as_words(pipeline: Any) -> None:
    renderer = _renderer(pipeline)
    assert not renderer.steers_poses
    front = renderer.render(_request(pose=Pose.FRONT)).image
    wave = renderer.render(_request(pose=Pose.WAVE)).image
    assert front.tobytes() != wave.tobytes()
    # a scene has no pose: its prompt is left alone
    scene = _request(subject=Subject.SCENE)
    assert renderer.render(scene).image.tobytes() == renderer.render(scene).image.tobytes()


def test_a_configured_controlnet_steers_the_pose_with_the_skeleton(
    pipeline: Any, tmp_path: Path
) -> None:
    controlnet = _controlnet(pipeline)
    renderer = DiffusersRenderer(
        "tiny.safetensors", steps=3, device="cpu", pipeline=pipeline, controlnet=controlnet
    )
    assert renderer.steers_poses
    poses = {p: renderer.render(_request(pose=p)).image.tobytes() for p in (Pose.FRONT, Pose.WAVE)}
    assert poses[Pose.FRONT] != poses[Pose.WAVE]
    assert renderer.render(_request(pose=Pose.WAVE)).image.tobytes() == poses[Pose.WAVE]
    # batches go through the ControlNet too, one skeleton for every image
    batch = renderer.render(_request(pose=Pose.PEACE, batch_size=2))
    assert len(batch.images) == 2
    # from a local folder (never a hub), as the setting names it
    controlnet.save_pretrained(tmp_path / "openpose")
    from_disk = DiffusersRenderer(
        "tiny.safetensors",
        steps=3,
        device="cpu",
        pipeline=pipeline,
        controlnet_path=str(tmp_path / "openpose"),
    )
    assert from_disk.render(_request(pose=Pose.WAVE)).image.tobytes() == poses[Pose.WAVE]
    missing = DiffusersRenderer(
        "tiny.safetensors", device="cpu", pipeline=pipeline, controlnet_path="/nonexistent"
    )
    with pytest.raises(RenderError, match="ControlNet"):
        missing.render(_request(pose=Pose.WAVE))
