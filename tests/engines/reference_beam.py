"""The first, per-sentence Python implementation of our beam search: the test reference.

:mod:`mt.engines.beam` is the vectorised version; the tests check that both choose the same
hypotheses. This one reads like the papers (Post & Vilar 2018, Hu et al. 2019): a small state
machine per hypothesis (:class:`ConstraintTracker`) and per-sentence candidate lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from mt.engines.beam import DecodeSettings, Hypothesis, SentencePlan, StepDecoder
from mt.engines.constraint_state import plain_bound

if TYPE_CHECKING:
    import torch

NEG = -1.0e9  # transformers' score of a placeholder beam
_DEAD = NEG / 2  # candidates at or below this are placeholders, never real hypotheses


#: met bitmask, constraint in progress (-1: none), its tokens so far, "just completed one"
State = tuple[int, int, tuple[int, ...], bool]


class ConstraintTracker:
    """Which constraint tokens a hypothesis has met, as a small state machine.

    ``forms[c]`` lists the token sequences that each meet constraint ``c``. A hypothesis works on
    one constraint at a time; a token that does not continue it drops the progress (and may start
    another constraint). Identical constraints (a term required twice) are met one after the other.
    """

    def __init__(self, forms: Sequence[Sequence[Sequence[int]]]) -> None:
        self.n = len(forms)
        self.lengths = [min(len(f) for f in fs) for fs in forms]
        self.total = sum(self.lengths)
        self.full = (1 << self.n) - 1
        self.initial: State = (0, -1, (), False)
        self._next: list[dict[tuple[int, ...], frozenset[int]]] = []
        self._complete: list[frozenset[tuple[int, ...]]] = []
        self._starts: dict[int, list[int]] = {}
        for c, fs in enumerate(forms):
            nxt: dict[tuple[int, ...], set[int]] = {}
            for form in fs:
                f = tuple(form)
                for i in range(len(f)):
                    nxt.setdefault(f[:i], set()).add(f[i])
            self._next.append({k: frozenset(v) for k, v in nxt.items()})
            self._complete.append(frozenset(tuple(f) for f in fs))
            for tok in sorted(nxt[()]):
                self._starts.setdefault(tok, []).append(c)
        self._advance: dict[tuple[State, int], State] = {}
        self._wanted: dict[int, frozenset[int]] = {}
        self._banked: dict[int, int] = {}

    def advance(self, state: State, token: int) -> State:
        key = (state, token)
        found = self._advance.get(key)
        if found is None:
            found = self._advance[key] = self._step(state, token)
        return found

    def _step(self, state: State, token: int) -> State:
        met, ci, prefix, _ = state
        if ci >= 0:
            p = (*prefix, token)
            if p in self._complete[ci]:
                return (met | 1 << ci, -1, (), True)
            if p in self._next[ci]:
                return (met, ci, p, False)
        for c in self._starts.get(token, ()):
            if not met >> c & 1:
                if (token,) in self._complete[c]:
                    return (met | 1 << c, -1, (), True)
                return (met, c, (token,), False)
        return (met, -1, (), False)

    def restarts(self, state: State, token: int) -> bool:
        """Whether ``token`` drops the constraint in progress to start one afresh."""
        met, ci, prefix, _ = state
        p = (*prefix, token)
        if ci < 0 or p in self._next[ci] or p in self._complete[ci]:
            return False
        return any(not met >> c & 1 for c in self._starts.get(token, ()))

    def wanted(self, state: State) -> frozenset[int]:
        """The tokens that advance this hypothesis's constraints."""
        met, ci, prefix, _ = state
        if ci >= 0:
            return self._next[ci][prefix]
        found = self._wanted.get(met)
        if found is None:
            toks: set[int] = set()
            for c in range(self.n):
                if not met >> c & 1:
                    toks |= self._next[c][()]
            found = self._wanted[met] = frozenset(toks)
        return found

    def bank(self, state: State) -> int:
        """Constraint tokens met so far (progress on the current one included)."""
        met, ci, prefix, _ = state
        done = self._banked.get(met)
        if done is None:
            done = self._banked[met] = sum(
                n for c, n in enumerate(self.lengths) if met >> c & 1
            )
        if ci >= 0:
            done += min(len(prefix), self.lengths[ci] - 1)
        return done

    def all_met(self, state: State) -> bool:
        return state[0] == self.full

    def met_flags(self, state: State) -> tuple[bool, ...]:
        return tuple(bool(state[0] >> c & 1) for c in range(self.n))


@dataclass
class RefPlan:
    """What to decode for one sentence: its length limit, constraints and bans."""

    max_new_tokens: int
    tracker: ConstraintTracker | None = None
    banned_single: frozenset[int] = frozenset()
    #: Forbidden multi-token sequences: prefix → last tokens to ban after it.
    banned_after: dict[tuple[int, ...], frozenset[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.prefix_lengths = sorted({len(p) for p in self.banned_after})

    @property
    def constrained(self) -> bool:
        return self.tracker is not None and self.tracker.n > 0


class _Cand(NamedTuple):
    score: float
    beam: int
    token: int
    state: Any
    bank: int


class _Finished(NamedTuple):
    key: tuple[float, ...]
    score: float
    logprob: float
    tokens: tuple[int, ...]
    state: Any


@dataclass
class _Sentence:
    plan: RefPlan
    scores: list[float]
    tokens: list[tuple[int, ...]]
    states: list[Any]
    finished: list[_Finished] = field(default_factory=list)
    done: bool = False
    limit: int = 0  #: the length limit: the plan's, lowered once the best beam would end


def allocate(cands: Sequence[_Cand], beam: int, banks: int) -> list[_Cand]:
    """Up to ``beam`` candidates chosen round robin across banks, the bank that met the most
    constraint tokens first, each bank's best first; returned best score first.

    This is the allocation of Hu et al. (2019) and fairseq: with ``beam`` below the number of
    banks, Post & Vilar's even split followed by passing unused slots down gives every slot to
    the furthest bank that has candidates, and drops the hypotheses that read best.
    """
    if len(cands) <= beam:
        return list(cands)
    by_bank: list[list[_Cand]] = [[] for _ in range(banks)]
    for c in cands:
        by_bank[c.bank].append(c)
    chosen: list[_Cand] = []
    depth = 0
    while len(chosen) < beam:
        for bank in reversed(by_bank):
            if depth < len(bank):
                chosen.append(bank[depth])
                if len(chosen) == beam:
                    break
        depth += 1
    chosen.sort(key=lambda c: c.score, reverse=True)
    return chosen


def _norm(logprob: float, length: int, penalty: float) -> float:
    return logprob / (length**penalty)


def ref_plan(plan: SentencePlan) -> RefPlan:
    after: dict[tuple[int, ...], set[int]] = {}
    for seq in plan.banned_sequences:
        after.setdefault(seq[:-1], set()).add(seq[-1])
    tracker = ConstraintTracker(plan.forms) if plan.forms else None
    return RefPlan(plan.max_new_tokens, tracker, plan.banned_single,
                   {k: frozenset(v) for k, v in after.items()})


def beam_search(
    decoder: StepDecoder,
    new_plans: Sequence[SentencePlan],
    settings: DecodeSettings,
    *,
    device: Any = None,
    continuation_mask: torch.Tensor | None = None,
) -> list[Hypothesis]:
    """Decode every sentence of the batch; the best hypothesis of each, in batch order."""
    import torch

    plans = [ref_plan(p) for p in new_plans]

    k = settings.beam
    inf = float("-inf")
    eos = settings.eos_id
    sents = [
        _Sentence(
            plan,
            [0.0] + [NEG] * (k - 1),
            [()] * k,
            [plan.tracker.initial if plan.tracker else None] * k,
            limit=plan.max_new_tokens,
        )
        for plan in plans
    ]
    alive = list(range(len(plans)))
    running = torch.tensor([s.scores for s in sents], dtype=torch.float32, device=device)
    running = running.view(-1)
    last = torch.full((len(plans) * k,), settings.decoder_start_id, dtype=torch.long,
                      device=device)
    banned = (torch.tensor(settings.banned_ids, dtype=torch.long, device=device)
              if settings.banned_ids else None)  # fmt: skip
    cont_flags = continuation_mask.tolist() if continuation_mask is not None else None
    t = 0
    while alive:
        logits = decoder.step(last)
        lp = torch.log_softmax(logits.to(torch.float32), dim=-1)
        n, vocab = len(alive), lp.shape[-1]
        lp3 = lp.view(n, k, vocab)
        if banned is not None:
            lp[:, banned] = inf
        if t < settings.min_new_tokens:
            lp[:, eos] = inf
        final = [t + 1 >= sents[s].limit for s in alive]
        # Each row's best token before the per-hypothesis bans (one pass over the vocabulary):
        # says which beams want to end, and proposes each beam's best token as a candidate.
        best: tuple[torch.Tensor, list[int]] | None = None
        if any(sents[s].plan.constrained for s in alive):
            best_v, best_i = lp.max(dim=-1)
            best = (best_v, best_i.tolist())
        ending = _wanting_to_end(best[1], sents, alive, k, eos) if best else {}
        if best and t > (settings.forced_bos_id is not None):
            _bound_by_plain_end(best[1], sents, alive, k, eos, t)
        _dynamic_bans(lp, lp3, sents, alive, k, eos, final, continuation_mask, device)
        forced = [False] * n  # per sentence: a forced token, no "best token" candidates
        if t == 0 and settings.forced_bos_id is not None:
            lp.fill_(inf)
            lp[:, settings.forced_bos_id] = 0.0
            forced = [True] * n
        if settings.forced_eos and any(final):
            pos = torch.tensor([p for p, f in enumerate(final) if f], device=device)
            lp3[pos] = inf
            lp3[pos, :, eos] = 0.0
            forced = [a or b for a, b in zip(forced, final, strict=True)]
        total = lp + running[:, None]
        vals_t, idx_t = total.view(n, k * vocab).topk(2 * k, dim=1)
        extra = _gather_extras(total, running, best, forced, final, sents, alive, k, eos,
                               cont_flags, device) if best else {}
        vals, idx = vals_t.tolist(), idx_t.tolist()

        keep: list[int] = []
        parents: list[int] = []
        next_tokens: list[int] = []
        next_scores: list[float] = []
        for pos, si in enumerate(alive):
            s = sents[si]
            if s.plan.constrained:
                beams = _select_constrained(s, vals[pos], idx[pos], extra.get(pos, {}), vocab,
                                            k, eos, t, final[pos], settings.length_penalty,
                                            ending.get(pos, ()))
            else:
                beams = _select_plain(s, vals[pos], idx[pos], vocab, k, eos, t, final[pos],
                                      settings.length_penalty)
            if s.done:
                continue
            keep.append(pos)
            for j, tok, score, _ in beams:
                parents.append(pos * k + j)
                next_tokens.append(tok)
                next_scores.append(score)
            s.tokens = [s.tokens[j] + (tok,) for j, tok, _, _ in beams]
            s.scores = [score for _, _, score, _ in beams]
            s.states = [state for _, _, _, state in beams]
        t += 1
        if not keep:
            break
        keep_t = torch.tensor(keep, device=device) if len(keep) < n else None
        decoder.reorder(torch.tensor(parents, dtype=torch.long, device=device), keep_t)
        last = torch.tensor(next_tokens, dtype=torch.long, device=device)
        running = torch.tensor(next_scores, dtype=torch.float32, device=device)
        alive = [alive[p] for p in keep]
    return [_best(s, settings.length_penalty) for s in sents]


def _wanting_to_end(
    best: list[int], sents: list[_Sentence], alive: list[int], k: int, eos: int
) -> dict[int, set[int]]:
    """Beams of constrained sentences whose most likely next token is end-of-sentence while
    constraints are still unmet: the sentence is over for the model, so such a beam may only go
    on with tokens that advance its constraints (else it would append text to get to them)."""
    found: dict[int, set[int]] = {}
    for pos, si in enumerate(alive):
        s = sents[si]
        tracker = s.plan.tracker
        if tracker is None or not tracker.n:
            continue
        for j in range(k):
            if best[pos * k + j] == eos and s.scores[j] > _DEAD \
                    and not tracker.all_met(s.states[j]):
                found.setdefault(pos, set()).add(j)
    return found


def _bound_by_plain_end(best: list[int], sents: list[_Sentence], alive: list[int], k: int,
                        eos: int, t: int) -> None:
    """A constrained sentence whose best running beam (the first of the highest score) would
    end after ``t`` tokens may run on to ``plain_bound(t, its constraint tokens)``."""
    for pos, si in enumerate(alive):
        s = sents[si]
        if s.plan.tracker is None or not s.plan.tracker.n:
            continue
        top = max(range(k), key=lambda j: s.scores[j])
        if best[pos * k + top] == eos:
            s.limit = min(s.limit, plain_bound(t, s.plan.tracker.total))


def _dynamic_bans(
    lp: torch.Tensor,
    lp3: torch.Tensor,
    sents: list[_Sentence],
    alive: list[int],
    k: int,
    eos: int,
    final: list[bool],
    continuation_mask: torch.Tensor | None,
    device: Any,
) -> None:
    """Per-sentence and per-hypothesis bans: forbidden tokens and sequences, end-of-sentence
    before the constraints are met, word continuations right after a completed term."""
    import torch

    pos_idx: list[int] = []
    tok_idx: list[int] = []
    rows: list[int] = []
    toks: list[int] = []
    cont_rows: list[int] = []
    for pos, si in enumerate(alive):
        plan = sents[si].plan
        for tok in plan.banned_single:
            pos_idx.append(pos)
            tok_idx.append(tok)
        if not (plan.prefix_lengths or plan.constrained) or final[pos]:
            continue
        s = sents[si]
        for j in range(k):
            row = pos * k + j
            history = s.tokens[j]
            for length in plan.prefix_lengths:
                if len(history) >= length:
                    after = plan.banned_after.get(history[-length:])
                    if after:
                        rows += [row] * len(after)
                        toks += after
            if plan.tracker is not None and plan.tracker.n:
                state = s.states[j]
                if not plan.tracker.all_met(state):
                    rows.append(row)
                    toks.append(eos)
                if state[3] and continuation_mask is not None:
                    cont_rows.append(row)
                repeats = _repeats(history, plan.tracker.wanted(state), eos)
                rows += [row] * len(repeats)
                toks += repeats
    inf = float("-inf")
    if pos_idx:
        lp3[torch.tensor(pos_idx, device=device), :, torch.tensor(tok_idx, device=device)] = inf
    if rows:
        lp[torch.tensor(rows, device=device), torch.tensor(toks, device=device)] = inf
    if cont_rows and continuation_mask is not None:
        penalty = torch.zeros(continuation_mask.shape, dtype=lp.dtype, device=device)
        penalty.masked_fill_(continuation_mask, inf)
        rows_t = torch.tensor(cont_rows, device=device)
        sub = lp.index_select(0, rows_t)
        sub += penalty
        lp.index_copy_(0, rows_t, sub)


def _repeats(history: tuple[int, ...], wanted: frozenset[int], eos: int) -> list[int]:
    """The tokens that would repeat a 3-gram of ``history``, but for wanted ones and EOS."""
    found = []
    for i in range(len(history) - 2):
        if history[i : i + 2] == history[-2:]:
            tok = history[i + 2]
            if tok != eos and tok not in wanted:
                found.append(tok)
    return found


def _banned_for(plan: RefPlan, state: Any, history: tuple[int, ...], tok: int, eos: int,
                cont_flags: list[bool] | None) -> bool:
    """Whether the per-hypothesis bans of :func:`_dynamic_bans` cover ``tok``."""
    tracker = plan.tracker
    if tok in plan.banned_single:
        return True
    if tracker is not None and tok == eos and not tracker.all_met(state):
        return True
    if state is not None and state[3] and cont_flags is not None and cont_flags[tok]:
        return True
    if tracker is not None and tracker.n and tok in _repeats(history, tracker.wanted(state), eos):
        return True
    for length in plan.prefix_lengths:
        if len(history) >= length and tok in plan.banned_after.get(history[-length:], ()):
            return True
    return False


def _gather_extras(
    total: torch.Tensor,
    running: torch.Tensor,
    best: tuple[torch.Tensor, list[int]] | None,
    forced: list[bool],
    final: list[bool],
    sents: list[_Sentence],
    alive: list[int],
    k: int,
    eos: int,
    cont_flags: list[bool] | None,
    device: Any,
) -> dict[int, dict[tuple[int, int], float]]:
    """For constrained sentences: each live hypothesis's best token (unless banned, or on a
    forced step), the tokens that advance its constraints and (where all are met)
    end-of-sentence, with their scores."""
    import torch

    rows: list[int] = []
    toks: list[int] = []
    owners: list[tuple[int, int]] = []
    extra: dict[int, dict[tuple[int, int], float]] = {}
    best_scores = (best[0] + running).tolist() if best is not None else None
    for pos, si in enumerate(alive):
        s = sents[si]
        if not s.plan.constrained:
            continue
        tracker = s.plan.tracker
        assert tracker is not None
        mine = extra.setdefault(pos, {})
        for j in range(k):
            if s.scores[j] <= _DEAD:
                continue
            row = pos * k + j
            state = s.states[j]
            if best is not None and best_scores is not None and not forced[pos]:
                tok = best[1][row]
                # On its last step a sentence keeps only its single-token bans.
                banned = (tok in s.plan.banned_single) if final[pos] else _banned_for(
                    s.plan, state, s.tokens[j], tok, eos, cont_flags)
                if not banned:
                    mine[(j, tok)] = best_scores[row]
            wanted = tracker.wanted(state)
            rows += [row] * len(wanted)
            toks += wanted
            owners += [(pos, j)] * len(wanted)
            if tracker.all_met(state):
                rows.append(row)
                toks.append(eos)
                owners.append((pos, j))
    if rows:
        got = total[torch.tensor(rows, device=device), torch.tensor(toks, device=device)]
        for (pos, j), v, tok in zip(owners, got.tolist(), toks, strict=True):
            extra[pos][(j, tok)] = v
    return extra


def _select_plain(
    s: _Sentence,
    vals: list[float],
    idx: list[int],
    vocab: int,
    k: int,
    eos: int,
    t: int,
    final: bool,
    penalty: float,
) -> list[tuple[int, int, float, Any]]:
    """transformers' rule: EOS among the first ``k`` ranks finishes, the best ``k`` others run."""
    beams: list[tuple[int, int, float, Any]] = []
    new_finished: list[_Finished] = []
    for rank, (v, flat) in enumerate(zip(vals, idx, strict=True)):
        j, tok = divmod(flat, vocab)
        if final or tok == eos:
            if rank < k and v != float("-inf"):
                score = _norm(v, t + 1, penalty)
                new_finished.append(_Finished((score,), score, v, s.tokens[j] + (tok,), None))
            continue
        if len(beams) < k:
            beams.append((j, tok, v, s.states[j]))
    _merge_finished(s, new_finished, k)
    full = len(s.finished) == k
    if final or not beams or (full and _norm(beams[0][2], t + 1, penalty) <= s.finished[-1].score):
        s.done = True
    return beams


def _select_constrained(
    s: _Sentence,
    vals: list[float],
    idx: list[int],
    extra: dict[tuple[int, int], float],
    vocab: int,
    k: int,
    eos: int,
    t: int,
    final: bool,
    penalty: float,
    ending: Iterable[int] = (),
) -> list[tuple[int, int, float, Any]]:
    """Dynamic beam allocation: candidates in banks by constraint tokens met."""
    tracker = s.plan.tracker
    assert tracker is not None
    seen: set[tuple[int, int]] = set()
    cands: list[_Cand] = []
    only_wanted = {j: tracker.wanted(s.states[j]) for j in ending}

    def add(j: int, tok: int, v: float) -> None:
        if v <= _DEAD or (j, tok) in seen:
            return
        if j in only_wanted and tok not in only_wanted[j]:
            return
        if tok != eos and tracker.restarts(s.states[j], tok):
            return
        seen.add((j, tok))
        state = s.states[j] if tok == eos else tracker.advance(s.states[j], tok)
        cands.append(_Cand(v, j, tok, state, tracker.bank(state)))

    for v, flat in zip(vals, idx, strict=True):
        add(*divmod(flat, vocab), v)
    for (j, tok), v in extra.items():
        add(j, tok, v)
    cands.sort(key=lambda c: c.score, reverse=True)
    banks = tracker.total + 1
    if final:
        chosen = allocate(cands, k, banks)
        cut = [_finished(s, c, t, penalty, tracker, natural=False) for c in chosen]
        _merge_finished(s, cut, k)
        s.done = True
        return []
    chosen = allocate(cands, k, banks)
    _merge_finished(
        s, [_finished(s, c, t, penalty, tracker) for c in chosen if c.token == eos], k
    )
    runners = allocate([c for c in cands if c.token != eos], k, banks)
    if not runners:
        s.done = True
        return []
    if len(s.finished) == k and all(f.key[:2] == (tracker.total, 1.0) for f in s.finished):
        best = max(c.score for c in runners)
        if _norm(best, t + 1, penalty) <= s.finished[-1].score:
            s.done = True
    beams = [(c.beam, c.token, c.score, c.state) for c in runners]
    while len(beams) < k:  # too few candidates: placeholder beams that never win
        beams.append((runners[0].beam, eos, float("-inf"), runners[0].state))
    return beams


def _finished(
    s: _Sentence, c: _Cand, t: int, penalty: float, tracker: ConstraintTracker,
    natural: bool = True,
) -> _Finished:
    """Ranked by constraint tokens met, then ended on its own (not cut at the limit), then
    score."""
    score = _norm(c.score, t + 1, penalty)
    return _Finished((float(c.bank), float(natural), score), score, c.score,
                     s.tokens[c.beam] + (c.token,), c.state)


def _merge_finished(s: _Sentence, new: Iterable[_Finished], k: int) -> None:
    merged = s.finished + list(new)
    merged.sort(key=lambda f: f.key, reverse=True)
    s.finished = merged[:k]


def _best(s: _Sentence, penalty: float) -> Hypothesis:
    tracker = s.plan.tracker
    if s.finished:
        f = s.finished[0]
        met = tracker.met_flags(f.state) if tracker is not None and f.state is not None else ()
        return Hypothesis(f.tokens, f.logprob, f.score, met, True)
    j = max(range(len(s.scores)), key=lambda i: s.scores[i])
    length = max(len(s.tokens[j]), 1)
    met = tracker.met_flags(s.states[j]) if tracker is not None else ()
    return Hypothesis(s.tokens[j], s.scores[j], _norm(s.scores[j], length, penalty), met, False)
