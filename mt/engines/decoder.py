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


#: Models whose logits are ``hidden @ lm_head.weight.T``, plus ``final_logits_bias`` where
#: the model has one (their ``forward`` says so): :class:`CachedDecoder` computes them itself.
KNOWN_HEADS = frozenset({"MarianMTModel", "M2M100ForConditionalGeneration"})


def output_head(model: Any) -> tuple[Any, Any, Any] | None:
    """(base model, output weight, bias or ``None``) where the logits of ``model`` are the
    base model's last hidden state times the weight (plus the bias), as in the ``forward`` of
    the :data:`KNOWN_HEADS`; ``None`` for any other model, or a head that is not a plain
    ``torch.nn.Linear`` without bias (an int8 one, for example)."""
    import torch

    head = model.get_output_embeddings()
    base = getattr(model, "model", None)
    if (type(model).__name__ not in KNOWN_HEADS or type(head) is not torch.nn.Linear
            or head.bias is not None or base is None):
        return None
    return base, head.weight, getattr(model, "final_logits_bias", None)


class CachedDecoder:
    """Encoder run once; decoder fed one token per row with its key/value cache
    (a :class:`mt.engines.beam.StepDecoder`).

    For the :data:`KNOWN_HEADS` a step writes the logits into one buffer kept for the batch
    (``torch.mm`` with ``out=``, the bias added in place: the same numbers as the model's
    ``forward``): a fresh ``rows × vocabulary`` tensor each step is a fresh mapping of memory
    on the CPU, and its page faults cost as much as the multiply (measured on the bench
    model: 228 ms a step for 400 rows with a new tensor and the bias added out of place,
    149 ms into a kept one). The logits a step returns are valid until the next step.
    """

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
        self._head = output_head(model)
        self._logits: torch.Tensor | None = None

    def _cross_mask(self) -> torch.Tensor | None:
        """The cross-attention mask as the model's SDPA attention would build it from
        :attr:`mask` at every step (``None`` without padding, else a 4-D boolean mask, which
        the model takes as it is), built once per batch instead; other attentions get the
        padding mask."""
        if not self._sdpa:
            return self.mask
        return None if bool(self.mask.all()) else self.mask.bool()[:, None, None, :]

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        import torch
        from transformers.modeling_outputs import BaseModelOutput

        head = self._head
        out = (self.model if head is None else head[0])(
            encoder_outputs=BaseModelOutput(last_hidden_state=self.hidden),
            attention_mask=self.cross_mask,
            decoder_input_ids=tokens[:, None],
            use_cache=True,
            return_dict=True,
            **{self.cache_arg: self.cache},
        )
        self.cache = getattr(out, self.cache_out)
        if head is None:
            logits: torch.Tensor = out.logits[:, -1, :]
            return logits
        _, weight, bias = head
        hidden = out.last_hidden_state[:, -1, :]
        rows = hidden.shape[0]
        if self._logits is None or self._logits.shape[0] < rows:
            self._logits = torch.empty((rows, weight.shape[0]), dtype=hidden.dtype,
                                       device=hidden.device)
        logits = torch.mm(hidden, weight.t(), out=self._logits[:rows])
        return logits if bias is None else logits.add_(bias)

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


__all__ = ["KNOWN_HEADS", "CachedDecoder", "StepDecoder", "output_head"]
