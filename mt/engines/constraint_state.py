"""Per-hypothesis constraint state of the constrained beam search, apart from the search.

:class:`ConstraintTables` holds a batch's constraint tries and bans as tensors (as Sockeye keeps
its ``ConstraintState`` apart from the beam search): where a hypothesis stands in its
constraints (met bits and trie node), the bank it falls in (constraint tokens met) and how each
candidate token advances it. :mod:`mt.engines.beam` runs the search over these tables.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

MAX_CONSTRAINTS = 62  # per sentence: met constraints are bits of an int64


@dataclass
class SentencePlan:
    """What to decode for one sentence: its length limit, constraints and bans.

    ``forms[c]`` lists the token sequences that each meet constraint ``c``; identical
    constraints (a term required twice) are met one after the other.
    """

    max_new_tokens: int
    forms: list[list[tuple[int, ...]]] = field(default_factory=list)
    banned_single: frozenset[int] = frozenset()
    #: Forbidden sequences of two tokens or more.
    banned_sequences: frozenset[tuple[int, ...]] = frozenset()

    @property
    def constrained(self) -> bool:
        return bool(self.forms)


#: A constrained sentence's length limit: this many target tokens per source token, plus the
#: forced terms' tokens and :data:`LENGTH_SLACK` (the unconstrained limit is ``2n + 10``).
LENGTH_RATIO = 1.2
LENGTH_SLACK = 4


def constrained_limit(source_tokens: int, forced_tokens: int, unconstrained: int) -> int:
    """The length limit of a sentence with ``forced_tokens`` to force: bounded by the source
    (a hypothesis that has not ended by then has lost its way), never above the unconstrained
    limit plus the forced tokens."""
    bound = math.ceil(LENGTH_RATIO * source_tokens) + LENGTH_SLACK + forced_tokens
    return max(1, min(bound, unconstrained + forced_tokens))


def plain_bound(plain: int, forced_tokens: Any) -> Any:
    """A constrained sentence's length limit once the model would end it after ``plain``
    tokens: one and a half times that, plus 2 and its forced terms' tokens (a hypothesis that
    runs on much longer to fit its terms in has lost its way)."""
    return plain + (plain + 1) // 2 + 2 + forced_tokens


#: How far a constrained batch's beam may grow: at most this many times the beam. 1 (no
#: growth): on the tiny test model, 2 made 22 of 60 story sentences too long against 17 with 1
#: (no loops either way) and costs up to twice the decoding.
MAX_BEAM_GROWTH = 1


def beam_width(beam: int, plans: Sequence[SentencePlan]) -> int:
    """The beam for a batch: with constraints, wide enough for one hypothesis per bank
    (forced tokens + 1) where the beam is narrower, up to ``MAX_BEAM_GROWTH × beam``;
    without, ``beam`` (so plain decoding stays what ``generate`` gives)."""
    banks = [sum(min(len(f) for f in fs) for fs in p.forms[:MAX_CONSTRAINTS]) + 1
             for p in plans if p.constrained]
    if not banks:
        return beam
    return max(beam, min(max(banks), MAX_BEAM_GROWTH * beam))


class ConstraintTables:
    """Constraint tries and bans of a batch as tensors, indexed by sentence.

    Trie nodes are numbered across the batch; node ``N`` stands for "no constraint in progress".
    A node is one prefix of one constraint's forms: its constraint's bit, depth, the constraint's
    length in tokens (its shortest form) and whether the prefix is a whole form.
    """

    def __init__(self, plans: Sequence[SentencePlan], device: Any) -> None:
        import torch

        self.torch = torch
        n_sent = len(plans)
        children: list[dict[int, int]] = []
        node_bit: list[int] = []
        node_depth: list[int] = []
        node_len: list[int] = []
        node_complete: list[bool] = []
        starts: list[list[dict[int, int]]] = []
        lengths: list[list[int]] = []
        for plan in plans:
            forms = plan.forms[:MAX_CONSTRAINTS]
            roots: list[dict[int, int]] = []
            lengths.append([min(len(f) for f in fs) for fs in forms])
            for c, fs in enumerate(forms):
                root: dict[int, int] = {}
                for form in fs:
                    level, node = root, -1
                    for depth, tok in enumerate(form, start=1):
                        if tok not in level:
                            level[tok] = len(children)
                            children.append({})
                            node_bit.append(c)
                            node_depth.append(depth)
                            node_len.append(lengths[-1][c])
                            node_complete.append(False)
                        node = level[tok]
                        level = children[node]
                    node_complete[node] = True
                roots.append(root)
            starts.append(roots)
        n = len(children)
        self.none = n
        width = max([len(c) for c in children] + [1])
        child_tok = torch.full((n + 1, width), -1, dtype=torch.long)
        child_node = torch.full((n + 1, width), n, dtype=torch.long)
        for i, ch in enumerate(children):
            for m, (tok, node) in enumerate(ch.items()):
                child_tok[i, m], child_node[i, m] = tok, node
        c_max = max([len(r) for r in starts] + [1])
        s_width = max([len(d) for r in starts for d in r] + [1])
        start_tok = torch.full((n_sent, c_max, s_width), -1, dtype=torch.long)
        start_node = torch.full((n_sent, c_max, s_width), n, dtype=torch.long)
        cons_len = torch.zeros((n_sent, c_max), dtype=torch.long)
        for s, roots in enumerate(starts):
            for c, root in enumerate(roots):
                cons_len[s, c] = lengths[s][c]
                for m, (tok, node) in enumerate(root.items()):
                    start_tok[s, c, m], start_node[s, c, m] = tok, node
        n_cons = torch.tensor([len(r) for r in starts], dtype=torch.long)
        self.n_cons = [len(r) for r in starts]
        self.any_constraints = any(self.n_cons)
        to = {"device": device}
        self.child_tok, self.child_node = child_tok.to(**to), child_node.to(**to)
        self.node_bit = torch.tensor([*node_bit, 0], dtype=torch.long, **to)
        self.node_depth = torch.tensor([*node_depth, 0], dtype=torch.long, **to)
        self.node_len = torch.tensor([*node_len, 1], dtype=torch.long, **to)
        self.node_complete = torch.tensor([*node_complete, False], dtype=torch.bool, **to)
        self.c_range = torch.arange(c_max, dtype=torch.long, **to)
        # Per-sentence tables: these follow the batch as sentences leave it.
        self.start_tok, self.start_node = start_tok.to(**to), start_node.to(**to)
        self.cons_len = cons_len.to(**to)
        self.total = cons_len.sum(dim=1).to(**to)
        self.full = ((torch.ones_like(n_cons) << n_cons) - 1).to(**to)
        self.constrained = (n_cons > 0).to(**to)
        self.banks = int(self.total.max()) + 1 if n_sent else 1

        singles = [sorted(p.banned_single) for p in plans]
        self.single: torch.Tensor | None = None
        self._single_lists = singles if any(singles) else None
        seqs = [sorted(p.banned_sequences) for p in plans]
        self.n_seq = max([len(s) for s in seqs] + [0])
        if self.n_seq:
            width = max(len(q) for s in seqs for q in s) - 1
            # Prefixes right-aligned; "wild" marks the columns before a shorter one starts.
            pad = [((-4,) * width, (True,) * width, 0, False)] * self.n_seq
            rows = [[((-4,) * (width - len(q) + 1) + q[:-1],
                      (True,) * (width - len(q) + 1) + (False,) * (len(q) - 1), q[-1], True)
                     for q in qs] + pad[len(qs):] for qs in seqs]
            def column(col: int, dtype: Any) -> torch.Tensor:
                return torch.tensor([[r[col] for r in row] for row in rows], dtype=dtype,
                                    device=device)

            self.seq_width = width
            self.seq_pre, self.seq_wild = column(0, torch.long), column(1, torch.bool)
            self.seq_last, self.seq_valid = column(2, torch.long), column(3, torch.bool)

    def build_single(self, vocab: int, device: Any) -> None:
        """The per-sentence banned-token mask, once the vocabulary size is known."""
        import torch

        if self._single_lists is None or self.single is not None:
            return
        mask = torch.zeros((len(self._single_lists), vocab), dtype=torch.bool)
        for s, toks in enumerate(self._single_lists):
            if toks:
                mask[s, torch.tensor(toks, dtype=torch.long)] = True
        self.single = mask.to(device)

    def keep(self, idx: torch.Tensor) -> None:
        """Keep the sentences ``idx`` (positions in the current batch), in that order."""
        names = ["start_tok", "start_node", "cons_len", "total", "full", "constrained"]
        if self.single is not None:
            names.append("single")
        if self.n_seq:
            names += ["seq_pre", "seq_wild", "seq_last", "seq_valid"]
        for name in names:
            setattr(self, name, getattr(self, name).index_select(0, idx))

    def bank(self, met: torch.Tensor, node: torch.Tensor) -> torch.Tensor:
        """Constraint tokens met (progress on the current constraint included)."""
        torch = self.torch
        tb = self
        bits = (met[..., None] >> tb.c_range) & 1
        lengths = tb.cons_len.view(tb.cons_len.shape[0], *([1] * (met.dim() - 1)), -1)
        done = (bits * lengths).sum(dim=-1)
        node_idx = torch.where(node >= 0, node, tb.none)
        partial = torch.minimum(tb.node_depth[node_idx], tb.node_len[node_idx] - 1)
        return done + torch.where(node >= 0, partial, 0)

    def bound_by_plain_end(self, max_new: torch.Tensor, alive: torch.Tensor,
                           scores: torch.Tensor, best_tok: torch.Tensor, eos: int, t: int
                           ) -> None:
        """Where the best running hypothesis of a constrained sentence would end after ``t``
        tokens (its most likely next token, ``best_tok`` by row, is ``eos``), lower the
        sentence's limit in ``max_new`` (by original sentence: ``alive``) to
        :func:`plain_bound`."""
        torch = self.torch
        n = alive.numel()
        top = scores.view(n, -1).argmax(dim=1, keepdim=True)
        ends = (best_tok.view(n, -1).gather(1, top) == eos).view(-1) & self.constrained
        limit = max_new.index_select(0, alive)  # no nonzero(): no host sync per step
        bounded = torch.where(ends, torch.minimum(limit, plain_bound(t, self.total)), limit)
        max_new.index_copy_(0, alive, bounded)

    def advance(self, met: torch.Tensor, node: torch.Tensor, toks: torch.Tensor
                 ) -> tuple[torch.Tensor, ...]:
        """New (met, node, just met, bank, advances-a-constraint, restarts) after each
        candidate token.

        A token continues the constraint in progress, else may start the first unmet
        constraint it begins (dropping the progress: a *restart*, which the search refuses, as
        it is how "Ahm Ahm Ahm" loops climb the banks), else leaves no constraint in progress.
        """
        torch = self.torch
        tb = self
        node_idx = torch.where(node >= 0, node, tb.none)
        ch_tok = tb.child_tok[node_idx]  # (n, W, Mc)
        hit = ch_tok == toks[..., None]
        continued = hit.any(dim=-1)
        cont_node = torch.where(hit, tb.child_node[node_idx], 0).sum(dim=-1)
        n = met.shape[0]
        st_tok = tb.start_tok.view(n, 1, *tb.start_tok.shape[1:])  # (n, 1, C, Ms)
        unmet = ((met[..., None] >> tb.c_range) & 1) == 0  # (n, W, C)
        s_hit = (st_tok == toks[..., None, None]) & unmet[..., None]
        per_c = s_hit.any(dim=-1)
        found = per_c.any(dim=-1)
        c_first = per_c.to(torch.float32).argmax(dim=-1)  # the first hit: argmax of 0/1
        st_node = tb.start_node.view(n, 1, *tb.start_node.shape[1:]).expand(*s_hit.shape)
        start_node = torch.where(s_hit, st_node, 0)
        start_node = start_node.gather(2, c_first[..., None, None].expand(
            *c_first.shape, 1, s_hit.shape[-1])).sum(dim=(-1, -2))
        use_start = ~continued & found
        moved = continued | use_start
        target = torch.where(continued, cont_node, torch.where(use_start, start_node, tb.none))
        complete = tb.node_complete[target] & moved
        new_met = torch.where(complete, met | (1 << tb.node_bit[target]), met)
        new_node = torch.where(complete | ~moved, -1, target)
        wanted = continued | (use_start & (node < 0))
        restart = use_start & (node >= 0)
        return new_met, new_node, complete, self.bank(new_met, new_node), wanted, restart

    def sequence_bans(self, hist: torch.Tensor, k: int, open_rows: torch.Tensor
                      ) -> tuple[torch.Tensor, torch.Tensor]:
        """(row, token) pairs that would complete a forbidden sequence after ``hist``."""
        torch = self.torch
        width, n = self.seq_width, hist.shape[0] // k
        tail = hist[:, -width:]
        if tail.shape[1] < width:
            pad = torch.full((tail.shape[0], width - tail.shape[1]), -1, dtype=torch.long,
                             device=tail.device)
            tail = torch.cat([pad, tail], dim=1)
        # Every prefix ends in the last column: match it there first, then check the rest of
        # the few prefixes that can still match.
        last = tail[:, -1].view(n, k, 1) == self.seq_pre[:, None, :, -1]
        last &= self.seq_valid[:, None, :] & open_rows.view(n, k, 1)
        s_idx, j_idx, f_idx = last.nonzero(as_tuple=True)
        rows = s_idx * k + j_idx
        if width > 1 and rows.numel():
            same = (tail[rows] == self.seq_pre[s_idx, f_idx]) | self.seq_wild[s_idx, f_idx]
            ok = same.all(dim=-1)
            rows, s_idx, f_idx = rows[ok], s_idx[ok], f_idx[ok]
        return rows, self.seq_last[s_idx, f_idx]

    def allocate(self, k: int, valid: torch.Tensor, bank: torch.Tensor
                 ) -> tuple[torch.Tensor, torch.Tensor]:
        """``k`` candidate positions per sentence, dealt round robin across banks (furthest
        first, each bank's best first), best score first; and which are real."""
        torch = self.torch
        banks = self.banks
        b = bank.clamp(0, banks - 1)
        onehot = torch.nn.functional.one_hot(b, banks) * valid[..., None]
        rank = onehot.cumsum(dim=1).gather(2, b[..., None])[..., 0] - 1
        big = (valid.shape[1] + 1) * banks
        key = torch.where(valid, rank * banks + (banks - 1 - b), big)
        chosen_key, pos = key.topk(k, dim=1, largest=False)
        pos, order = pos.sort(dim=1)
        return pos, chosen_key.gather(1, order) < big

    def repeats(self, hist: torch.Tensor, met: torch.Tensor, node: torch.Tensor, k: int,
                rows_on: torch.Tensor, eos: int) -> tuple[torch.Tensor, torch.Tensor]:
        """(row, token) pairs to ban so that the rows ``rows_on`` never repeat a 3-gram of
        ``hist``, but for end-of-sentence and tokens their constraints want (a term forced
        twice)."""
        torch = self.torch
        h = hist
        match = (h[:, :-2] == h[:, -2:-1]) & (h[:, 1:-1] == h[:, -1:]) & rows_on[:, None]
        r, i = match.nonzero(as_tuple=True)
        if not r.numel():
            return r, r
        toks = h[r, i + 2]
        at = node[r]
        in_child = (self.child_tok[torch.where(at >= 0, at, self.none)] == toks[:, None]
                    ).any(dim=-1)
        unmet = ((met[r][:, None] >> self.c_range) & 1) == 0
        st = self.start_tok.index_select(0, torch.div(r, k, rounding_mode="floor"))
        in_start = ((st == toks[:, None, None]) & unmet[:, :, None]).any(dim=-1).any(dim=-1)
        ban = (toks != eos) & ~torch.where(at >= 0, in_child, in_start)
        return r[ban], toks[ban]


__all__ = ["MAX_BEAM_GROWTH", "MAX_CONSTRAINTS", "ConstraintTables", "SentencePlan",
           "beam_width", "constrained_limit"]
