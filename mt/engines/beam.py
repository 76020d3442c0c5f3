"""Beam search over a seq2seq decoder with a key/value cache, plain or lexically constrained.

transformers 5 no longer ships constrained beam search, so this is ours. One loop serves both,
and every step is a fixed number of tensor operations over the whole batch (no Python loop over
sentences or hypotheses), so it costs the same on a GPU whatever the batch size:

* **Plain beam search** follows ``GenerationMixin._beam_search`` of transformers 5: log-softmax,
  then the logits processors a translation model's generation config asks for (banned tokens
  such as ``<pad>``, forced BOS, forced EOS at the length limit, a minimum length), the best
  ``2 * beam`` continuations of all beams; an end-of-sentence among the first ``beam`` of them
  finishes a hypothesis (scored ``sum / length ** length_penalty``), the best ``beam`` others
  run on, and a sentence is done when it has ``beam`` finished hypotheses and its best running
  beam, normalised by its current length, cannot beat the worst of them
  (``early_stopping=False``). With the same settings it returns what ``model.generate`` returns.
* **Constrained beam search** is dynamic beam allocation (Post & Vilar 2018), vectorised with
  the trie states and round-robin allocation of Hu et al. (2019): besides the best
  continuations, every hypothesis proposes its own best token, the tokens that advance its
  constraints and (when all are met) end-of-sentence; candidates fall in *banks* by the number
  of constraint tokens met, and the beam is dealt out across the banks, furthest bank first.
  End-of-sentence is blocked until every constraint is met, and a beam whose most likely next
  token is end-of-sentence while constraints are unmet may only go on with tokens that advance
  them (instead of appending text to reach them). A constraint may have several token
  sequences (the term tokenised at the start of a sentence and in its middle, or capitalised);
  meeting any one meets it. A token that drops a constraint in progress to start one afresh is
  refused (each such restart climbs a bank: that is how "Ahm Ahm Ahm" loops win the beam).
  A constrained hypothesis never repeats a 3-gram of tokens (but for tokens its constraints
  want): forcing a term the model does not expect pushes it into loops. Finished hypotheses
  rank by constraint tokens met, then by whether they ended on their own (one cut at the
  length limit has often looped to get there: a lower score per token cannot tell it apart),
  then score. Once the best running hypothesis would end (end-of-sentence is its most likely
  next token), the sentence may run on to :func:`~mt.engines.constraint_state.plain_bound`.
  A sentence without constraints has a single bank, where this is exactly the plain search.

Forbidden token sequences are masked as transformers' ``NoBadWordsLogitsProcessor`` does: the
last token of a sequence is banned where the hypothesis ends with the rest of it. Right after a
constraint is completed, tokens that would glue more letters onto its last word are banned
(``Massoud`` must not become ``Massoudi``).

Where the loop differs from transformers, on purpose: finished sentences leave the batch (their
cache rows are dropped) instead of being carried along, and the cross-attention cache, which is
the same for every beam of a sentence, is not reordered. Neither changes a result.

The constraint state (tries, banks, how a token advances a hypothesis) lives in
:mod:`mt.engines.constraint_state`; this module keeps the search bookkeeping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mt.engines.constraint_state import (
    MAX_CONSTRAINTS,
    ConstraintTables,
    SentencePlan,
    beam_width,
)
from mt.engines.decoder import StepDecoder

if TYPE_CHECKING:
    import torch

NEG = -1.0e9  # transformers' score of a placeholder beam
DEAD = NEG / 2  # scores at or below this are placeholders, never real hypotheses


@dataclass(frozen=True)
class DecodeSettings:
    """Decoding settings shared by a batch (what a generation config says, plus the beam)."""

    beam: int
    eos_id: int
    decoder_start_id: int
    length_penalty: float = 1.0
    min_new_tokens: int = 0
    banned_ids: tuple[int, ...] = ()
    forced_bos_id: int | None = None
    forced_eos: bool = True


@dataclass
class Hypothesis:
    """The best hypothesis of a sentence: generated tokens (forced BOS and EOS included)."""

    tokens: tuple[int, ...]
    logprob: float
    score: float
    met: tuple[bool, ...] = ()
    finished: bool = True


def beam_search(
    decoder: StepDecoder,
    plans: Sequence[SentencePlan],
    settings: DecodeSettings,
    *,
    device: Any = None,
    continuation_mask: torch.Tensor | None = None,
) -> list[Hypothesis]:
    """Decode every sentence of the batch; the best hypothesis of each, in batch order."""
    if not plans:
        return []
    return _Search(decoder, plans, settings, device, continuation_mask).run()


class _Search:
    """The state of one batch's search; rows are ``beam`` per sentence still in the batch."""

    def __init__(self, decoder: StepDecoder, plans: Sequence[SentencePlan],
                 settings: DecodeSettings, device: Any,
                 continuation_mask: torch.Tensor | None) -> None:
        import torch

        self.torch = torch
        self.decoder, self.plans, self.settings, self.device = decoder, plans, settings, device
        self.k = k = settings.beam
        self.tables = ConstraintTables(plans, device)
        self.cont = continuation_mask if self.tables.any_constraints else None
        n = len(plans)
        to = {"device": device}
        self.alive = torch.arange(n, dtype=torch.long, **to)  # original sentence ids
        self.max_new = torch.tensor([p.max_new_tokens for p in plans], dtype=torch.long, **to)
        t_max = max(p.max_new_tokens for p in plans) + 1
        first = torch.full((n, k), NEG, dtype=torch.float32, **to)
        first[:, 0] = 0.0
        self.scores = first.view(-1)
        self.met = torch.zeros(n * k, dtype=torch.long, **to)
        self.node = torch.full((n * k,), -1, dtype=torch.long, **to)
        self.just = torch.zeros(n * k, dtype=torch.bool, **to)
        self.hist = torch.zeros((n * k, 0), dtype=torch.long, **to)
        self.last = torch.full((n * k,), settings.decoder_start_id, dtype=torch.long, **to)
        # Finished hypotheses, by original sentence; best first (rank, then score).
        self.fin_score = torch.full((n, k), float("-inf"), dtype=torch.float64, **to)
        self.fin_bank = torch.full((n, k), -1, dtype=torch.long, **to)
        self.fin_lp = torch.zeros((n, k), dtype=torch.float32, **to)
        self.fin_met = torch.zeros((n, k), dtype=torch.long, **to)
        self.fin_len = torch.zeros((n, k), dtype=torch.long, **to)
        self.fin_hist = torch.zeros((n, k, t_max), dtype=torch.long, **to)
        # Where a sentence ends with nothing finished: its best running hypothesis then.
        self.fallback: dict[int, tuple[tuple[int, ...], float, int]] = {}
        self.banned = (torch.tensor(settings.banned_ids, dtype=torch.long, **to)
                       if settings.banned_ids else None)  # fmt: skip
        self.beam_idx = torch.arange(k, dtype=torch.long, **to)
        self._tril: dict[int, torch.Tensor] = {}

    # ------------------------------------------------------------------ the loop

    def run(self) -> list[Hypothesis]:
        torch = self.torch
        t, kept = 0, None  # log-probabilities into one buffer: a fresh one costs page faults
        while self.alive.numel():  # (rows only leave the batch: the first step's buffer holds)
            logits = self.decoder.step(self.last).to(torch.float32)
            kept = torch.empty_like(logits) if kept is None else kept
            lp = torch.log_softmax(logits, dim=-1, out=kept[: logits.shape[0]])
            self.tables.build_single(lp.shape[-1], self.device)
            if self.banned is not None:
                lp[:, self.banned] = float("-inf")
            if t < self.settings.min_new_tokens:
                lp[:, self.settings.eos_id] = float("-inf")
            final = t + 1 >= self.max_new.index_select(0, self.alive)
            best_tok = lp.argmax(dim=-1) if self.tables.any_constraints else None
            if best_tok is not None and t > (self.settings.forced_bos_id is not None):
                self.tables.bound_by_plain_end(self.max_new, self.alive, self.scores,
                                               best_tok, self.settings.eos_id, t)
            self._bans(lp, final)
            self._force(lp, final, t)
            total = lp.add_(self.scores[:, None])  # in place: one pass less over the vocabulary
            if not self._step(total, best_tok, final, t):
                break
            t += 1
        return self._results()

    def _bans(self, lp: torch.Tensor, final: torch.Tensor) -> None:
        """Per-sentence and per-hypothesis bans: forbidden tokens and sequences, end-of-sentence
        before the constraints are met, word continuations right after a completed term.
        Sentences at their last step keep only the forbidden single tokens banned."""
        torch = self.torch
        tb, k = self.tables, self.k
        inf = float("-inf")
        lp3 = lp.view(self.alive.numel(), k, -1)
        if tb.single is not None:
            lp3.masked_fill_(tb.single[:, None, :], inf)
        open_rows = (~final).repeat_interleave(k)
        if tb.any_constraints:
            constrained = tb.constrained.repeat_interleave(k)
            unmet = constrained & (self.met != tb.full.repeat_interleave(k)) & open_rows
            lp[:, self.settings.eos_id].masked_fill_(unmet, inf)
            if self.cont is not None:
                rows = (self.just & open_rows).nonzero().view(-1)
                if rows.numel():
                    penalty = torch.zeros(self.cont.shape, dtype=lp.dtype, device=lp.device)
                    penalty.masked_fill_(self.cont, inf)
                    sub = lp.index_select(0, rows)
                    sub += penalty
                    lp.index_copy_(0, rows, sub)
        if tb.any_constraints and self.hist.shape[1] >= 3:
            rows_on = tb.constrained.repeat_interleave(k) & open_rows
            r, toks = tb.repeats(self.hist, self.met, self.node, k, rows_on,
                                 self.settings.eos_id)
            lp[r, toks] = inf
        if tb.n_seq and self.hist.shape[1]:
            r, toks = tb.sequence_bans(self.hist, k, open_rows)
            lp[r, toks] = inf

    def _force(self, lp: torch.Tensor, final: torch.Tensor, t: int) -> None:
        """Forced BOS on the first step, forced EOS on a sentence's last."""
        settings = self.settings
        if t == 0 and settings.forced_bos_id is not None:
            lp.fill_(float("-inf"))
            lp[:, settings.forced_bos_id] = 0.0
        if settings.forced_eos and bool(final.any()):
            lp3 = lp.view(self.alive.numel(), self.k, -1)
            pos = final.nonzero().view(-1)
            lp3[pos] = float("-inf")
            lp3[pos, :, settings.eos_id] = 0.0

    def _candidates(self, total: torch.Tensor, best_tok: torch.Tensor | None
                    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor,
                               torch.Tensor]:
        """(beam, token, score, valid, wanted-only parent) of every candidate, by sentence:
        the best ``2 * beam`` continuations, then for constrained sentences each beam's best
        token, the tokens that advance its constraints and end-of-sentence."""
        torch = self.torch
        tb, k, eos = self.tables, self.k, self.settings.eos_id
        n, vocab = self.alive.numel(), total.shape[-1]
        vals, idx = total.view(n, k * vocab).topk(2 * k, dim=1)
        beams, toks = idx // vocab, idx % vocab
        if best_tok is None:
            return beams, toks, vals, vals > DEAD, torch.zeros((n, k), dtype=torch.bool,
                                                               device=vals.device)
        rows = n * k
        node_idx = torch.where(self.node >= 0, self.node, tb.none)
        children = tb.child_tok.index_select(0, node_idx)  # (rows, Mc); -1 where none
        starts = tb.start_tok[:, None].expand(n, k, *tb.start_tok.shape[1:])
        starts = starts.reshape(rows, -1, tb.start_tok.shape[-1])  # (rows, C, Ms)
        unmet_c = ((self.met[:, None] >> tb.c_range) & 1) == 0
        starts = torch.where(unmet_c[:, :, None] & (self.node < 0)[:, None, None], starts, -1)
        all_met = self.met == tb.full.repeat_interleave(k)
        eos_col = torch.where(all_met, eos, -1)[:, None]
        extra = torch.cat([best_tok[:, None], children, starts.view(rows, -1), eos_col], dim=1)
        live = tb.constrained.repeat_interleave(k) & (self.scores > DEAD)
        ok = (extra >= 0) & live[:, None]
        got = total.gather(1, extra.clamp(min=0))
        got = torch.where(ok, got, float("-inf"))
        width = extra.shape[1]
        beams_x = (self.beam_idx[None, :, None].expand(n, k, width)).reshape(n, k * width)
        # Beams whose model wants to stop while terms are unmet go on only with wanted tokens.
        ending = live & (best_tok == eos) & ~all_met
        beams = torch.cat([beams, beams_x], dim=1)
        toks = torch.cat([toks, extra.clamp(min=0).view(n, k * width)], dim=1)
        vals = torch.cat([vals, got.view(n, k * width)], dim=1)
        return beams, toks, vals, vals > DEAD, ending.view(n, k)

    def _step(self, total: torch.Tensor, best_tok: torch.Tensor | None, final: torch.Tensor,
              t: int) -> bool:
        """Choose finished and running hypotheses; False when the batch is done."""
        torch = self.torch
        tb, k, eos, n = self.tables, self.k, self.settings.eos_id, self.alive.numel()
        beams, toks, vals, valid, ending = self._candidates(total, best_tok)
        parent = torch.arange(n, device=total.device)[:, None] * k + beams
        met_p, node_p = self.met[parent], self.node[parent]
        new_met, new_node, just, bank, wanted, restart = self.tables.advance(met_p, node_p,
                                                                             toks)
        is_eos = toks == eos
        valid &= ~restart | is_eos
        new_met = torch.where(is_eos, met_p, new_met)
        new_node = torch.where(is_eos, node_p, new_node)
        bank = torch.where(is_eos, self.tables.bank(met_p, node_p), bank)
        valid &= ~(ending.gather(1, beams) & ~wanted)
        # Drop repeated (beam, token) pairs, keeping the first.
        key = beams * total.shape[-1] + toks
        if (width := key.shape[1]) not in self._tril:  # [i, j]: j before i; once per width
            self._tril[width] = key.new_ones((width, width), dtype=torch.bool).tril(-1)
        earlier = self._tril[width]
        dup = ((key[:, :, None] == key[:, None, :]) & earlier & valid[:, None, :]).any(dim=-1)
        valid &= ~dup
        # Best first (stable: ties keep the candidates' order).
        order = torch.sort(torch.where(valid, vals, float("-inf")), dim=1, descending=True,
                           stable=True).indices
        beams, toks, vals, valid = (x.gather(1, order) for x in (beams, toks, vals, valid))
        new_met, new_node, just, bank, is_eos = (
            x.gather(1, order) for x in (new_met, new_node, just, bank, is_eos)
        )
        parent = parent.gather(1, order)
        length = float((t + 1) ** self.settings.length_penalty)

        # Finished: the end-of-sentence candidates the beam would take (all, at the last step).
        pos, ok = self.tables.allocate(self.k, valid, bank)
        finishing = ok & (final[:, None] | is_eos.gather(1, pos))
        if bool(finishing.any()):
            # Constrained sentences rank a hypothesis that ended on its own above one cut at
            # the length limit; without constraints, score alone ranks (as transformers).
            natural = ~final | ~tb.constrained
            rank = bank.gather(1, pos) * 2 + natural[:, None].to(torch.long)
            self._merge_finished(pos, finishing, parent, toks, vals, rank, new_met, t, length)
        # Running: the best allowed non-final candidates, bank by bank.
        pos, ok = self.tables.allocate(self.k, valid & ~is_eos & ~final[:, None], bank)
        run_vals = torch.where(ok, vals.gather(1, pos), float("-inf"))
        idx = self.alive
        fin_full = (self.fin_score.index_select(0, idx) > float("-inf")).all(dim=1)
        all_top = (self.fin_bank.index_select(0, idx) == 2 * tb.total[:, None] + 1).all(dim=1)
        worst = self.fin_score.index_select(0, idx)[:, -1]
        beaten = run_vals[:, 0].to(torch.float64) / length <= worst
        no_run = ~ok[:, 0]
        done = final | no_run | (fin_full & all_top & beaten)
        empty = done & ~(self.fin_score.index_select(0, idx)[:, 0] > float("-inf"))
        if bool(empty.any()):
            self._remember_fallback(empty)
        keep = (~done).nonzero().view(-1)
        if not keep.numel():
            return False
        # The next beams: the running candidates of the sentences that go on.
        pos, ok, run_vals = pos[keep], ok[keep], run_vals[keep]
        first = pos[:, :1].expand_as(pos)
        pos = torch.where(ok, pos, first)  # placeholders copy the first beam, score -inf
        rows = parent[keep].gather(1, pos).view(-1)
        self.last = torch.where(ok, toks[keep].gather(1, pos), eos).view(-1)
        self.scores = run_vals.view(-1)
        self.met = new_met[keep].gather(1, pos).view(-1)
        self.node = new_node[keep].gather(1, pos).view(-1)
        self.just = (just[keep].gather(1, pos) & ok).view(-1)
        self.hist = torch.cat([self.hist.index_select(0, rows), self.last[:, None]], dim=1)
        pruned = keep.numel() < n
        self.decoder.reorder(rows, keep if pruned else None)
        if pruned:
            self.alive = self.alive.index_select(0, keep)
            self.tables.keep(keep)
        return True

    # ------------------------------------------------------------------ pieces

    def _merge_finished(self, pos: torch.Tensor, finishing: torch.Tensor, parent: torch.Tensor,
                        toks: torch.Tensor, vals: torch.Tensor, rank: torch.Tensor,
                        met: torch.Tensor, t: int, length: float) -> None:
        """Merge the new finished hypotheses into each sentence's best ``beam``, best first by
        ``rank`` (``2 × bank``, plus 1 for an end of sentence reached before the limit), then
        score."""
        torch = self.torch
        k, idx, n = self.k, self.alive, self.alive.numel()
        new_lp = vals.gather(1, pos)
        new_score = torch.where(finishing, new_lp.to(torch.float64) / length, float("-inf"))
        new_bank = torch.where(finishing, rank, -1)
        new_met = met.gather(1, pos)
        rows = parent.gather(1, pos)
        t_max = self.fin_hist.shape[-1]
        new_hist = torch.zeros((n, k, t_max), dtype=torch.long, device=vals.device)
        new_hist[:, :, :t] = self.hist[rows.view(-1)].view(n, k, t)
        new_hist[:, :, t] = toks.gather(1, pos)
        score = torch.cat([self.fin_score.index_select(0, idx), new_score], dim=1)
        banks = torch.cat([self.fin_bank.index_select(0, idx), new_bank], dim=1)
        order = torch.sort(score, dim=1, descending=True, stable=True).indices
        order = order.gather(1, torch.sort(banks.gather(1, order), dim=1, descending=True,
                                           stable=True).indices)[:, :k]
        merged = {
            "fin_score": score,
            "fin_bank": banks,
            "fin_lp": torch.cat([self.fin_lp.index_select(0, idx), new_lp], dim=1),
            "fin_met": torch.cat([self.fin_met.index_select(0, idx), new_met], dim=1),
            "fin_len": torch.cat([self.fin_len.index_select(0, idx),
                                  torch.full_like(new_met, t + 1)], dim=1),
        }
        for name, value in merged.items():
            getattr(self, name).index_copy_(0, idx, value.gather(1, order))
        hist = torch.cat([self.fin_hist.index_select(0, idx), new_hist], dim=1)
        self.fin_hist.index_copy_(0, idx, hist.gather(
            1, order[..., None].expand(n, k, t_max)))

    def _remember_fallback(self, which: torch.Tensor) -> None:
        """Sentences that stop with nothing to run on: keep their best current hypothesis."""
        k = self.k
        for pos in which.nonzero().view(-1).tolist():
            sid = int(self.alive[pos])
            scores = self.scores[pos * k : (pos + 1) * k]
            j = int(scores.argmax())
            row = pos * k + j
            self.fallback[sid] = (tuple(self.hist[row].tolist()), float(scores[j]),
                                  int(self.met[row]))

    def _results(self) -> list[Hypothesis]:
        penalty = self.settings.length_penalty
        out = []
        scores, lps = self.fin_score[:, 0].tolist(), self.fin_lp[:, 0].tolist()
        lens, mets = self.fin_len[:, 0].tolist(), self.fin_met[:, 0].tolist()
        for sid in range(len(self.plans)):
            n_cons = self.tables.n_cons[sid]
            if scores[sid] > float("-inf"):
                toks = tuple(self.fin_hist[sid, 0, : lens[sid]].tolist())
                met = tuple(bool(mets[sid] >> c & 1) for c in range(n_cons))
                out.append(Hypothesis(toks, lps[sid], scores[sid], met, True))
                continue
            toks, logprob, met_bits = self.fallback.get(sid, ((), 0.0, 0))
            met = tuple(bool(met_bits >> c & 1) for c in range(n_cons))
            out.append(Hypothesis(toks, logprob, logprob / max(len(toks), 1)**penalty, met,
                                  False))
        return out


__all__ = ["MAX_CONSTRAINTS", "DecodeSettings", "Hypothesis", "SentencePlan", "StepDecoder",
           "beam_search", "beam_width"]
