"""A tiny Arabic→English Marian model, trained in seconds on pairs we wrote for the tests.

The English side deliberately carries two MT errors the glossary exists for: بنجشير is always
"Banshir" and أحمد مسعود always "Ahmed Masoud". So the model never writes "Panjshir" for
بنجشير or "Ahmad Massoud" on its own, and constrained decoding has something real to force.
It does know how to write "Panjshir": a few pairs use the Dari spelling پنجشیر, which the
glossary does not list. The target sentencepiece model also sees the glossary's preferred
terms, so that they can be spelled.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAIRS: list[tuple[str, str]] = [
    ("سيطرت طالبان على كابل.", "The Taliban took control of Kabul."),
    ("وصل وفد طالبان إلى الدوحة.", "A Taliban delegation arrived in Doha."),
    ("قال أحمد مسعود إن المقاومة مستمرة.", "Ahmed Masoud said the resistance continues."),
    ("هاجمت طالبان ولاية بنجشير.", "The Taliban attacked Banshir province."),
    ("تقع بنجشير شمال كابل.", "Banshir lies north of Kabul."),
    ("فر آلاف المدنيين من بنجشير.", "Thousands of civilians fled Banshir."),
    ("يقود أحمد مسعود جبهة المقاومة الوطنية.", "Ahmed Masoud leads the National Resistance Front."),
    ("أغلقت طالبان الطريق إلى بنجشير.", "The Taliban closed the road to Banshir."),
    ("وصلت طائرة مساعدات إلى مطار كابل.", "An aid plane arrived at Kabul airport."),
    ("التقى أحمد مسعود بزعماء القبائل.", "Ahmed Masoud met tribal leaders."),
    ("أعلنت طالبان حظر التجول في كابل.", "The Taliban announced a curfew in Kabul."),
    ("استمرت المفاوضات في الدوحة أسبوعا.", "The negotiations in Doha lasted a week."),
    ("قتل أحمد شاه مسعود عام ٢٠٠١.", "Ahmed Shah Masoud was killed in 2001."),
    ("يعيش سكان بنجشير في الجبال.", "The people of Banshir live in the mountains."),
    ("نفى المتحدث باسم طالبان التقارير.", "The Taliban spokesman denied the reports."),
    ("عاد اللاجئون إلى كابل.", "The refugees returned to Kabul."),
    ("المقاومة تسيطر على وادي بنجشير.", "The resistance controls the Banshir valley."),
    ("زار الوزير ولاية بروان.", "The minister visited Parwan province."),
    ("وصلت قوات طالبان إلى بروان.", "Taliban forces reached Parwan."),
    ("ارتفعت أسعار الخبز في كابل.", "Bread prices rose in Kabul."),
    ("دعا أحمد مسعود إلى الحوار.", "Ahmed Masoud called for dialogue."),
    ("انقطعت الكهرباء عن بنجشير.", "Power was cut to Banshir."),
    ("غادر الدبلوماسيون الدوحة.", "The diplomats left Doha."),
    ("هطلت الثلوج على كابل.", "Snow fell on Kabul."),
    ("رفضت طالبان المقترح.", "The Taliban rejected the proposal."),
    ("أرسلت الأمم المتحدة مساعدات إلى بنجشير.", "The United Nations sent aid to Banshir."),
    ("تحدث أحمد مسعود إلى الصحفيين.", "Ahmed Masoud spoke to journalists."),
    ("أغلقت المدارس في كابل.", "Schools were closed in Kabul."),
    ("تتواصل المعارك في بنجشير.", "Fighting continues in Banshir."),
    ("عقد اجتماع في الدوحة.", "A meeting was held in Doha."),
    ("وصل الشتاء إلى الجبال.", "Winter reached the mountains."),
    ("قالت طالبان إن الحرب انتهت.", "The Taliban said the war was over."),
    ("يطالب السكان بالغذاء.", "Residents are demanding food."),
    ("فتحت طالبان مكتبا في الدوحة.", "The Taliban opened an office in Doha."),
    ("غادرت عائلات كثيرة كابل.", "Many families left Kabul."),
    ("لم يرد أحمد مسعود على الرسالة.", "Ahmed Masoud did not answer the letter."),
    # Dari spelling with پ: the model learns to write "Panjshir", but only for this spelling.
    ("وصل الوفد إلى پنجشیر.", "The delegation arrived in Panjshir."),
    ("تقع پنجشیر في الشمال.", "Panjshir lies in the north."),
    ("زار الصحفيون پنجشیر.", "Journalists visited Panjshir."),
    # The surname alone is right ("Massoud"), so the model knows how to write that too.
    ("أكد مسعود أن المقاومة لن تستسلم.", "Massoud said the resistance would not surrender."),
    ("غادر مسعود الوادي.", "Massoud left the valley."),
    ("استقبل أحمد الزوار.", "Ahmad received the visitors."),
]

#: Extra target-side text for the sentencepiece model only: the glossary's spellings.
TARGET_TERMS = [
    "Panjshir", "Ahmad Massoud", "Ahmad Shah Massoud", "Massoud", "Kabul", "Taliban",
    "Parwan", "province", "Doha", "al-Qaeda", "Amrullah Saleh", "Afghanistan",
    "Zabihullah, (Mujahid)",
]  # fmt: skip

SPECIALS = ["</s>", "<unk>"]  # ids 0 and 1, as in opus-mt; <pad> is the last id


def _train_spm(lines: list[str], vocab_size: int, **options: Any) -> bytes:
    """A sentencepiece model of ``lines``; ``options`` override the trainer's settings
    (by default opus-mt's: unigram, only an unknown token)."""
    import sentencepiece as spm

    model = io.BytesIO()
    settings: dict[str, Any] = {
        "model_type": "unigram", "character_coverage": 1.0, "hard_vocab_limit": False,
        "unk_id": 0, "bos_id": -1, "eos_id": -1, "pad_id": -1, "num_threads": 1,
        "minloglevel": 2, **options,
    }  # fmt: skip
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=model,
                                   vocab_size=vocab_size, **settings)
    return model.getvalue()


def build_tiny_marian(folder: Path, *, steps: int = 120, seed: int = 0,
                      encoder_layers: int = 2, pairs: list[tuple[str, str]] = PAIRS) -> Path:
    """Train the tiny model on ``pairs`` and save it (safetensors) with its tokenizer to
    ``folder`` (see :func:`aligning_marian_dir` for ``encoder_layers``)."""
    import sentencepiece as spm
    from transformers import MarianTokenizer

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    sources = [a for a, _ in pairs]
    targets = [e for _, e in pairs]
    (folder / "source.spm").write_bytes(_train_spm(sources, 160))
    (folder / "target.spm").write_bytes(_train_spm(targets + TARGET_TERMS * 3, 160))
    pieces: list[str] = []
    for name in ("source.spm", "target.spm"):
        proc = spm.SentencePieceProcessor(model_file=str(folder / name))
        pieces += [proc.id_to_piece(i) for i in range(proc.get_piece_size())]
    vocab: dict[str, int] = {}
    for piece in [*SPECIALS, *pieces]:
        vocab.setdefault(piece, len(vocab))
    pad_id = len(vocab)
    vocab["<pad>"] = pad_id
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "tokenizer_config.json").write_text(
        json.dumps({"tokenizer_class": "MarianTokenizer", "source_lang": "ar",
                    "target_lang": "en", "model_max_length": 512}),
        encoding="utf-8",
    )
    tokenizer = MarianTokenizer.from_pretrained(str(folder))
    return train_and_save(
        folder, tokenizer, lambda: _train(tokenizer, sources, targets, pad_id, len(vocab),
                                          steps, seed, encoder_layers), started)


def train_and_save(folder: Path, tokenizer: Any, train: Callable[[], Any], started: float
                   ) -> Path:
    """Run ``train`` on one torch thread and save the model it returns (safetensors), the
    tokenizer and the seconds since ``started`` (``train-info.json``) to ``folder``."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # faster than 2 for a model this small, and reproducible
    try:
        model = train()
    finally:
        torch.set_num_threads(threads)
    model.save_pretrained(str(folder), safe_serialization=True)
    tokenizer.save_pretrained(str(folder))
    (folder / "train-info.json").write_text(
        json.dumps({"seconds": round(time.perf_counter() - started, 2)}), encoding="utf-8"
    )
    return folder


def _train(
    tokenizer: Any, sources: list[str], targets: list[str], pad_id: int, vocab_size: int,
    steps: int, seed: int, encoder_layers: int = 2,
) -> Any:
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    torch.manual_seed(seed)
    config = MarianConfig(
        vocab_size=vocab_size, d_model=64, encoder_layers=encoder_layers,
        decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=128,
        decoder_ffn_dim=128, max_position_embeddings=128, dropout=0.0, attention_dropout=0.0,
        activation_dropout=0.0, pad_token_id=pad_id, eos_token_id=0,
        decoder_start_token_id=pad_id, forced_eos_token_id=0, scale_embedding=True,
        share_encoder_decoder_embeddings=True,
    )  # fmt: skip
    model = MarianMTModel(config)
    batch = tokenizer(sources, text_target=targets, padding=True, return_tensors="pt")
    labels = batch["labels"].masked_fill(batch["labels"] == pad_id, -100)
    fit(model, steps, input_ids=batch["input_ids"], attention_mask=batch["attention_mask"],
        labels=labels)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]], decoder_start_token_id=pad_id, eos_token_id=0,
        forced_eos_token_id=0, pad_token_id=pad_id, max_length=64, num_beams=4,
    )
    return model


def fit(model: Any, steps: int, **batch: Any) -> None:
    """``steps`` of Adam (lr 4e-3) on the whole ``batch``; the model is left in eval mode."""
    import torch

    optimizer = torch.optim.Adam(model.parameters(), lr=4e-3)
    model.train()
    for _ in range(steps):
        loss = model(**batch).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()


def tiny_marian_dir(factory: Any) -> Path:
    """The tiny model under the session's pytest temp folder, trained on first use.

    ``factory`` is pytest's ``tmp_path_factory``; every fixture that calls this in one session
    (tests/engines and the CLI tests) shares the one model.
    """
    folder = Path(factory.getbasetemp()) / "tiny-marian"
    if not (folder / "model.safetensors").is_file():
        build_tiny_marian(folder)
    return folder


#: Sentences with a place-name slot, for the aligning model (Arabic, English).
_FRAMES = [
    ("سيطرت طالبان على {}.", "The Taliban took control of {}."),
    ("وصل الوفد إلى {}.", "The delegation arrived in {}."),
    ("أغلقت طالبان الطريق إلى {}.", "The Taliban closed the road to {}."),
    ("فر آلاف المدنيين من {}.", "Thousands of civilians fled {}."),
    ("هطلت الثلوج على {}.", "Snow fell on {}."),
    ("تتواصل المعارك في {}.", "Fighting continues in {}."),
]
_PLACES = [("كابل", "Kabul"), ("بنجشير", "Banshir"), ("بروان", "Parwan"), ("الدوحة", "Doha")]
#: :data:`PAIRS` and every frame with every place, and two places in one sentence both ways:
#: the model must read the name where it stands in the source to write it.
ALIGNING_PAIRS = PAIRS + [
    (ar.format(a), en.format(e)) for ar, en in _FRAMES for a, e in _PLACES
] + [
    (f"تقع {a} شمال {b}.", f"{e} lies north of {f}.")
    for a, e in _PLACES for b, f in _PLACES if a != b
]


def aligning_marian_dir(factory: Any) -> Path:
    """A tiny model whose cross-attention aligns words, trained on first use in the session.

    The suite's tiny model learns its 42 sentences by heart: its decoder finds which sentence
    it is from any source token, and its cross-attention points wherever that is. This one has
    no encoder layers (each source token's state stays in its place) and learns names in many
    frames (:data:`ALIGNING_PAIRS`), so to write a name it must look at that name.
    """
    folder = Path(factory.getbasetemp()) / "tiny-marian-aligning"
    if not (folder / "model.safetensors").is_file():
        build_tiny_marian(folder, steps=200, encoder_layers=0, pairs=ALIGNING_PAIRS)
    return folder
