"""The decoder the beam search steps (:class:`StepDecoder`) and its transformers version
(:class:`CachedDecoder`): the encoder run once, the decoder fed one token per row with the
key/value cache, rows reordered between steps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import torch


class StepDecoder(Protocol):
    """A decoder whose batch holds ``beam`` rows per sentence, in sentence order."""

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        """Feed one token per row; return next-token logits, shape ``(rows, vocab)``."""
        ...

    def reorder(self, rows: torch.Tensor, keep: torch.Tensor | None) -> None:
        """Make row ``i`` continue old row ``rows[i]``; ``keep`` (sentence positions) is set
        when finished sentences leave the batch."""
        ...


class CachedDecoder:
    """Encoder run once; decoder fed one token per row with its key/value cache
    (a :class:`mt.engines.beam.StepDecoder`)."""

    def __init__(self, model: Any, input_ids: torch.Tensor, mask: torch.Tensor, beam: int,
                 cache_arg: str, cache_out: str) -> None:
        import torch

        self.model, self.beam = model, beam
        self.cache_arg, self.cache_out = cache_arg, cache_out
        encoder = model.get_encoder()
        hidden = encoder(input_ids=input_ids, attention_mask=mask, return_dict=True)
        self.hidden = hidden.last_hidden_state.repeat_interleave(beam, dim=0)
        self.mask = mask.repeat_interleave(beam, dim=0)
        self._sdpa = getattr(model.config, "_attn_implementation", None) == "sdpa"
        self.cross_mask = self._cross_mask()
        self.cache: Any = None
        self._arange = torch.arange(beam, device=input_ids.device)

    def _cross_mask(self) -> torch.Tensor | None:
        """The cross-attention mask as the model's SDPA attention would build it from
        :attr:`mask` at every step (``None`` without padding, else a 4-D boolean mask, which
        the model takes as it is), built once per batch instead; other attentions get the
        padding mask."""
        if not self._sdpa:
            return self.mask
        return None if bool(self.mask.all()) else self.mask.bool()[:, None, None, :]

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        from transformers.modeling_outputs import BaseModelOutput

        out = self.model(
            encoder_outputs=BaseModelOutput(last_hidden_state=self.hidden),
            attention_mask=self.cross_mask,
            decoder_input_ids=tokens[:, None],
            use_cache=True,
            return_dict=True,
            **{self.cache_arg: self.cache},
        )
        self.cache = getattr(out, self.cache_out)
        logits: torch.Tensor = out.logits[:, -1, :]
        return logits

    def reorder(self, rows: torch.Tensor, keep: torch.Tensor | None) -> None:
        cache = self.cache
        self_attn = getattr(cache, "self_attention_cache", None)
        cross = getattr(cache, "cross_attention_cache", None)
        sent_rows: torch.Tensor | None = None
        if keep is not None:
            sent_rows = (keep[:, None] * self.beam + self._arange).view(-1)
            self.hidden = self.hidden.index_select(0, sent_rows)
            self.mask = self.mask.index_select(0, sent_rows)
            self.cross_mask = self._cross_mask()
            if cross is not None:
                cross.batch_select_indices(sent_rows)
        if self_attn is not None:
            # The cross-attention cache is the same for every beam of a sentence: not reordered.
            self_attn.reorder_cache(rows)
        elif isinstance(cache, tuple):  # legacy cache: per layer (self k, self v, cross k, cross v)
            self.cache = tuple(
                tuple(t.index_select(0, rows) for t in layer[:2])
                + tuple(t if sent_rows is None else t.index_select(0, sent_rows)
                        for t in layer[2:])
                for layer in cache
            )
        else:
            cache.reorder_cache(rows)


__all__ = ["CachedDecoder", "StepDecoder"]
