"""Facilitation: phases, blind dot voting, importance from votes, merging duplicate factors."""

from __future__ import annotations

import dataclasses
import json

import pytest

from swot import (
    Comment,
    ConflictError,
    Evidence,
    Factor,
    Institution,
    Participant,
    ReferenceError_,
    Role,
    Strategy,
    SwotError,
    Team,
    ValidationError,
    Workspace,
)
from swot.facilitation import (
    VotingProgress,
    add_category,
    cast_vote,
    category_usage,
    importance_from_votes,
    importance_rule,
    merge_duplicates,
    merge_factors,
    move_category,
    my_votes,
    ranking,
    remove_category,
    rename_category,
    retract_vote,
    reveal_votes,
    session,
    set_phase,
    set_vote_budget,
    vote_totals,
    votes_left,
    votes_used,
    voting_progress,
)
from swot.model import DEFAULT_CATEGORIES, Phase, Rating, Session, Vote


@pytest.fixture
def ws(tmp_path):
    with Workspace.create(tmp_path / "w.swot", actor="trener") as workspace:
        workspace.add_many(
            [
                Institution(id="mok", name="Miejski Ośrodek Kultury"),
                Institution(id="gok", name="Gminny Ośrodek Kultury"),
                Team(id="t_mok", institution_id="mok", name="Zespół MOK"),
                Team(id="t_gok", institution_id="gok", name="Zespół GOK"),
                Participant(id="anna", name="Anna K.", team_id="t_mok"),
                Participant(id="jan", name="Jan P.", team_id="t_mok"),
                Participant(id="ewa", name="Ewa G.", team_id="t_gok"),
                Participant(id="trener", name="Trener", role=Role.TRAINER),
                Factor(id="s1", institution_id="mok", quadrant="S", text="Doświadczona kadra"),
                Factor(id="s2", institution_id="mok", quadrant="S", text="Nowa sala", position=1),
                Factor(id="w1", institution_id="mok", quadrant="W", text="Słaba promocja"),
                Factor(id="w2", institution_id="mok", quadrant="W", text="Promocja jest słaba"),
                Factor(id="g1", institution_id="gok", quadrant="S", text="Zaangażowani ludzie"),
            ]
        )
        yield workspace


def _p(ws, pid):
    return ws.get(Participant, pid)


def _f(ws, fid):
    return ws.get(Factor, fid)


@pytest.fixture
def voting(ws):
    set_vote_budget(ws, "mok", 3)
    set_phase(ws, "mok", "vote")
    return ws


# --- phases and session -----------------------------------------------------------------------


def test_session_starts_in_collect_and_is_saved_on_first_change(ws):
    state = session(ws, "mok")
    assert (state.phase, state.votes_per_participant, state.votes_revealed, state.version) == (
        Phase.COLLECT,
        5,
        False,
        0,
    )
    saved = set_phase(ws, "mok", "cluster")
    assert saved.version == 1 and saved.phase is Phase.CLUSTER
    assert set_phase(ws, "mok", Phase.VOTE).version == 2
    assert session(ws, "mok").phase is Phase.VOTE
    assert session(ws, "gok").phase is Phase.COLLECT  # per institution


def test_one_session_per_institution(ws):
    set_phase(ws, "mok", "vote")
    with pytest.raises(ValidationError, match=r"już istnieje"):
        ws.add(Session(institution_id="mok"))


def test_bad_phase_and_budget_are_explained_in_polish(ws):
    with pytest.raises(ValidationError, match=r"etap warsztatu.*collect, cluster, vote, discuss"):
        set_phase(ws, "mok", "głosowanie")
    with pytest.raises(ValidationError, match=r"liczba głosów na uczestnika.*od 1 do 100"):
        set_vote_budget(ws, "mok", 0)


# --- voting -----------------------------------------------------------------------------------


def test_votes_are_refused_outside_the_voting_phase(ws):
    with pytest.raises(SwotError, match=r"Głosowanie jest zamknięte: trwa etap „zbieranie"):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"))
    set_phase(ws, "mok", "discuss")
    with pytest.raises(SwotError, match=r"na etap „głosowanie”"):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"))
    assert ws.count(Vote) == 0


def test_cast_and_count_votes_within_budget(voting):
    ws = voting
    anna = _p(ws, "anna")
    assert cast_vote(ws, _f(ws, "s1"), anna).count == 1
    assert cast_vote(ws, _f(ws, "s1"), anna).count == 2  # same factor: one Vote, more dots
    assert votes_used(ws, anna) == 2 and votes_left(ws, anna) == 1
    assert my_votes(ws, anna) == {"s1": 2}
    with pytest.raises(SwotError, match=r"Anna K. ma jeszcze 1 z 3 głosów.*nie może oddać 2"):
        cast_vote(ws, _f(ws, "w1"), anna, count=2)
    cast_vote(ws, _f(ws, "w1"), anna)
    with pytest.raises(SwotError, match=r"ma jeszcze 0 z 3"):
        cast_vote(ws, _f(ws, "w2"), anna)
    assert votes_left(ws, anna) == 0
    assert votes_left(ws, _p(ws, "jan")) == 3  # budgets are personal


def test_votes_only_for_own_institution_and_only_for_team_members(voting):
    ws = voting
    with pytest.raises(SwotError, match=r"innej instytucji.*Anna K."):
        cast_vote(ws, _f(ws, "g1"), _p(ws, "anna"))
    with pytest.raises(SwotError, match=r"Trener nie należy do żadnego zespołu"):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "trener"))
    with pytest.raises(SwotError, match=r"musi być dodatnia"):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"), count=0)
    assert ws.count(Vote) == 0


def test_one_vote_object_per_factor_and_participant(voting):
    ws = voting
    cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"))
    with pytest.raises(ValidationError, match=r"już istnieje"):
        ws.add(Vote(factor_id="s1", participant_id="anna"))


def test_retract_vote(voting):
    ws = voting
    anna = _p(ws, "anna")
    cast_vote(ws, _f(ws, "s1"), anna, count=3)
    assert retract_vote(ws, _f(ws, "s1"), anna).count == 2
    with pytest.raises(SwotError, match=r"ma na czynnik „Doświadczona kadra” 2 gł.*wycofać 5"):
        retract_vote(ws, _f(ws, "s1"), anna, count=5)
    assert retract_vote(ws, _f(ws, "s1"), anna, count=2) is None
    assert ws.count(Vote) == 0 and votes_left(ws, anna) == 3
    with pytest.raises(SwotError, match=r"0 gł."):
        retract_vote(ws, _f(ws, "s1"), anna)


def test_vote_racing_the_trainer_closing_voting_is_refused(voting, monkeypatch):
    """The session read before the write is stale: the vote is refused, nothing written."""
    import swot.facilitation as facilitation

    ws = voting
    stale = session(ws, "mok")
    with Workspace.open(ws.path, actor="trener") as other:
        set_phase(other, "mok", "discuss")
    monkeypatch.setattr(facilitation, "session", lambda _ws, _inst: stale)
    with pytest.raises(ConflictError):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"))
    assert ws.count(Vote) == 0
    monkeypatch.undo()
    with pytest.raises(SwotError, match=r"zamknięte"):
        cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"))


def test_lowering_the_budget_below_votes_cast_is_refused(voting):
    ws = voting
    cast_vote(ws, _f(ws, "s1"), _p(ws, "jan"), count=3)
    with pytest.raises(SwotError, match=r"do 2: uczestnik Jan P. oddał już 3 gł.*co najmniej 3"):
        set_vote_budget(ws, "mok", 2)
    assert session(ws, "mok").votes_per_participant == 3
    assert set_vote_budget(ws, "mok", 4).votes_per_participant == 4


def test_totals_are_blind_until_revealed(voting):
    ws = voting
    cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"), count=2)
    cast_vote(ws, _f(ws, "s1"), _p(ws, "jan"))
    cast_vote(ws, _f(ws, "w1"), _p(ws, "jan"))
    assert vote_totals(ws, "mok", viewer_is_trainer=False) is None
    assert ranking(ws, "mok", viewer_is_trainer=False) is None
    expected = {"s1": 3, "s2": 0, "w1": 1, "w2": 0}
    assert vote_totals(ws, "mok", viewer_is_trainer=True) == expected
    reveal_votes(ws, "mok")
    assert vote_totals(ws, "mok", viewer_is_trainer=False) == expected
    reveal_votes(ws, "mok", revealed=False)
    assert vote_totals(ws, "mok", viewer_is_trainer=False) is None


def test_ranking_is_per_quadrant_with_shared_ranks(voting):
    ws = voting
    set_vote_budget(ws, "mok", 5)
    cast_vote(ws, _f(ws, "s2"), _p(ws, "anna"), count=2)
    cast_vote(ws, _f(ws, "w1"), _p(ws, "jan"))
    cast_vote(ws, _f(ws, "w2"), _p(ws, "anna"))
    rows = ranking(ws, "mok", viewer_is_trainer=True)
    assert [(r.factor.id, r.votes, r.rank, r.importance) for r in rows] == [
        ("s2", 2, 1, 5),
        ("s1", 0, 2, 1),
        ("w1", 1, 1, 5),  # a tie shares the better rank and class
        ("w2", 1, 1, 5),
    ]


def test_importance_rule_quintiles_with_ties():
    assert importance_rule([]) == []
    assert importance_rule([0, 0]) == [1, 1]
    assert importance_rule([4]) == [5]
    # ten factors: the top two ranks get 5, the next two 4, ... ; no votes -> 1
    votes = [9, 7, 7, 5, 4, 3, 2, 1, 0, 0]
    assert importance_rule(votes) == [5, 5, 5, 4, 3, 3, 2, 2, 1, 1]
    assert importance_rule([8, 5, 5, 3, 0]) == [5, 4, 4, 2, 1]
    assert importance_rule([3, 1]) == [5, 3]


def test_importance_from_votes_needs_revealed_votes_and_updates_factors(voting):
    ws = voting
    cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"), count=3)
    cast_vote(ws, _f(ws, "w2"), _p(ws, "jan"), count=2)
    cast_vote(ws, _f(ws, "w1"), _p(ws, "jan"))
    with pytest.raises(SwotError, match=r"Najpierw je odsłoń"):
        importance_from_votes(ws, "mok")
    assert _f(ws, "s1").importance == 3
    reveal_votes(ws, "mok")
    assert importance_from_votes(ws, "mok") == {"s1": 5, "s2": 1, "w1": 3, "w2": 5}
    assert [(f.id, f.importance) for f in ws.factors("mok")] == [
        ("s1", 5),
        ("w1", 3),
        ("w2", 5),
        ("s2", 1),
    ]
    assert _f(ws, "g1").importance == 3  # another institution untouched
    last = ws.last_change()
    importance_from_votes(ws, "mok")  # nothing changed: nothing written
    assert ws.last_change() == last


# --- merging ----------------------------------------------------------------------------------


@pytest.fixture
def duplicates(voting):
    """w1 and w2 say the same thing; both have votes, ratings, comments and a strategy."""
    ws = voting
    ws.update(_f(ws, "w1").replace(evidence=(Evidence(source="ankieta 2019"),), importance=2))
    ws.update(
        _f(ws, "w2").replace(
            evidence=(Evidence(source="ankieta 2019"), Evidence(source="wywiad")),
            importance=4,
            category="promocja",
        )
    )
    cast_vote(ws, _f(ws, "w1"), _p(ws, "anna"))
    cast_vote(ws, _f(ws, "w2"), _p(ws, "anna"), count=2)
    cast_vote(ws, _f(ws, "w2"), _p(ws, "jan"))
    ws.add_many(
        [
            Rating(id="r_anna_w1", factor_id="w1", participant_id="anna", weight=0.3, rating=2),
            Rating(id="r_anna_w2", factor_id="w2", participant_id="anna", weight=0.2, rating=1),
            Rating(id="r_jan_w2", factor_id="w2", participant_id="jan", rating=1),
            Comment(id="c1", target_kind="factor", target_id="w2", author="Ekspert", text="Skąd?"),
            Strategy(
                id="st1",
                institution_id="mok",
                kind="WT",
                text="Kampania w mediach lokalnych",
                factor_ids=("w2",),
            ),
            Strategy(
                id="st2",
                institution_id="mok",
                kind="WO",
                text="Nowa strona",
                factor_ids=("w1", "w2"),
            ),
        ]
    )
    return ws


def test_merge_combines_everything_and_deletes_the_duplicate(duplicates):
    ws = duplicates
    merged = merge_factors(ws, _f(ws, "w1"), _f(ws, "w2"), text="Słaba promocja w internecie")
    assert merged == _f(ws, "w1")
    assert merged.text == "Słaba promocja w internecie"
    assert merged.evidence == (Evidence(source="ankieta 2019"), Evidence(source="wywiad"))
    assert (merged.importance, merged.category) == (4, "promocja")
    assert ws.find(Factor, "w2") is None
    votes = {(v.factor_id, v.participant_id): v.count for v in ws.objects(Vote)}
    assert votes == {("w1", "anna"): 3, ("w1", "jan"): 1}
    assert votes_used(ws, _p(ws, "anna")) == 3  # budgets unchanged by the merge
    ratings = {r.id: (r.factor_id, r.weight) for r in ws.objects(Rating)}
    assert ratings == {"r_anna_w1": ("w1", 0.3), "r_jan_w2": ("w1", None)}
    assert ws.get(Comment, "c1").target_id == "w1"
    assert ws.get(Strategy, "st1").factor_ids == ("w1",)
    assert ws.get(Strategy, "st2").factor_ids == ("w1",)


def test_merge_may_keep_the_dropped_factors_wording(duplicates):
    ws = duplicates
    merged = merge_factors(ws, _f(ws, "w1"), _f(ws, "w2"), text="promocja JEST słaba")
    assert merged.text == "promocja JEST słaba" and merged.id == "w1"


def test_merge_conflict_midway_changes_nothing(duplicates):
    """Someone edits the kept factor meanwhile: the merge, written last, is refused whole."""
    ws = duplicates
    keep, drop = _f(ws, "w1"), _f(ws, "w2")
    ws.update(_f(ws, "w1").replace(importance=5), actor="Jan P.")
    before = (ws.export_data()["objects"], ws.last_change())
    with pytest.raises(ConflictError, match=r"Ktoś inny zmienił"):
        merge_factors(ws, keep, drop)
    assert (ws.export_data()["objects"], ws.last_change()) == before
    assert ws.get(Comment, "c1").target_id == "w2"
    assert len(ws.objects(Vote, parent="w2")) == 2


def test_merge_of_a_stale_or_already_deleted_duplicate_is_refused(duplicates):
    ws = duplicates
    keep, drop = _f(ws, "w1"), _f(ws, "w2")
    merge_factors(ws, keep, drop)
    with pytest.raises(ConflictError, match=r"usunął"):
        merge_factors(ws, _f(ws, "w1"), drop)


def test_merge_refuses_mismatched_factors(duplicates):
    ws = duplicates
    with pytest.raises(SwotError, match=r"z nim samym"):
        merge_factors(ws, _f(ws, "w1"), _f(ws, "w1"))
    with pytest.raises(SwotError, match=r"tej samej ćwiartki.*Słabe strony.*Mocne strony"):
        merge_factors(ws, _f(ws, "w1"), _f(ws, "s1"))
    with pytest.raises(SwotError, match=r"tej samej instytucji"):
        merge_factors(ws, _f(ws, "s1"), _f(ws, "g1"))
    with pytest.raises(ValidationError, match=r"treść"):
        merge_factors(ws, _f(ws, "w1"), _f(ws, "w2"), text="  ")
    assert ws.find(Factor, "w2") is not None


def test_deleting_a_voted_factor_directly_is_refused(duplicates):
    ws = duplicates
    with pytest.raises(ReferenceError_):
        ws.delete(_f(ws, "w1"))


# --- the new models and the workspace file ---------------------------------------------------


@pytest.mark.parametrize(
    "obj",
    [
        Session(
            institution_id="mok", phase="discuss", votes_per_participant=7, votes_revealed=True
        ),
        Vote(factor_id="s1", participant_id="anna", count=4),
    ],
)
def test_workshop_models_round_trip_and_are_frozen(obj):
    data = obj.to_dict()
    assert "version" not in data
    restored = type(obj).from_dict(json.loads(json.dumps(data)), version=2)
    assert restored == obj.replace(version=2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.id = "x"  # type: ignore[misc]


def test_workshop_models_validate_in_polish():
    with pytest.raises(
        ValidationError, match=r"Pole „liczba głosów”: oczekiwano liczby całkowitej"
    ):
        Vote(factor_id="s1", participant_id="anna", count=0)
    with pytest.raises(ValidationError, match=r"wyniki głosowania odsłonięte.*tak/nie"):
        Session(institution_id="mok", votes_revealed="tak")
    with pytest.raises(ValidationError, match=r"Pole „czynnik”"):
        Vote(factor_id="", participant_id="anna")


def test_export_and_import_keep_the_workshop_state(duplicates, tmp_path):
    ws = duplicates
    reveal_votes(ws, "mok")
    copy = Workspace.import_json(json.loads(ws.export_json()), tmp_path / "copy.swot")
    with copy:
        assert session(copy, "mok") == session(ws, "mok")
        assert copy.objects(Vote) == ws.objects(Vote)
        assert copy.objects(Rating) == ws.objects(Rating)
        assert vote_totals(copy, "mok", viewer_is_trainer=False) == vote_totals(
            ws, "mok", viewer_is_trainer=False
        )


# --- merging several duplicates at once --------------------------------------------------------


@pytest.fixture
def triplicates(duplicates):
    """A third wording of w1/w2, with votes of both participants, a rating and a strategy."""
    ws = duplicates
    ws.add(
        Factor(
            id="w3",
            institution_id="mok",
            quadrant="W",
            text="Mało promocji",
            importance=5,
            evidence=(Evidence(source="wywiad"), Evidence(source="obserwacja")),
        )
    )
    set_vote_budget(ws, "mok", 6)
    cast_vote(ws, _f(ws, "w3"), _p(ws, "anna"))
    cast_vote(ws, _f(ws, "w3"), _p(ws, "jan"), count=2)
    ws.add(Rating(id="r_jan_w3", factor_id="w3", participant_id="jan", weight=0.5))
    ws.update(ws.get(Strategy, "st1").replace(factor_ids=("w3", "w2")))
    return ws


def test_merge_duplicates_combines_three_factors_in_one_transaction(triplicates):
    ws = triplicates
    before = ws.last_change()
    merged = merge_duplicates(ws, _f(ws, "w2"), [_f(ws, "w1"), _f(ws, "w3")], text="Słaba promocja")
    assert ws.last_change() > before
    assert {f.id for f in ws.factors("mok", "W")} == {"w2"}
    assert merged.text == "Słaba promocja" and merged.importance == 5
    assert merged.category == "promocja"
    assert merged.evidence == (
        Evidence(source="ankieta 2019"),
        Evidence(source="wywiad"),
        Evidence(source="obserwacja"),
    )
    votes = {(v.factor_id, v.participant_id): v.count for v in ws.objects(Vote)}
    assert votes == {("w2", "anna"): 4, ("w2", "jan"): 3}
    assert votes_used(ws, _p(ws, "anna")) == 4 and votes_used(ws, _p(ws, "jan")) == 3
    # Each participant keeps one rating: the kept factor's (anna, jan) wins over the duplicates'.
    assert {r.id for r in ws.objects(Rating)} == {"r_anna_w2", "r_jan_w2"}
    assert ws.get(Strategy, "st1").factor_ids == ("w2",)
    assert ws.get(Strategy, "st2").factor_ids == ("w2",)
    assert ws.get(Comment, "c1").target_id == "w2"


def test_merge_duplicates_moves_the_first_unrated_rating_and_sums_moved_votes(triplicates):
    ws = triplicates
    ws.delete(ws.get(Rating, "r_jan_w2"))
    keep = _f(ws, "w1")  # jan has no vote on w1: his w2 vote moves over and gains w3's
    merge_duplicates(ws, keep, [_f(ws, "w2"), _f(ws, "w3")])
    votes = {(v.factor_id, v.participant_id): v.count for v in ws.objects(Vote)}
    assert votes == {("w1", "anna"): 4, ("w1", "jan"): 3}
    assert {r.id: r.factor_id for r in ws.objects(Rating)} == {
        "r_anna_w1": "w1",
        "r_jan_w3": "w1",
    }


def test_merge_duplicates_is_all_or_nothing(triplicates):
    ws = triplicates
    keep, first, second = _f(ws, "w1"), _f(ws, "w2"), _f(ws, "w3")
    ws.update(_f(ws, "w3").replace(text="Mało promocji w mediach"), actor="Jan P.")
    before = (ws.export_data()["objects"], ws.last_change())
    with pytest.raises(ConflictError):
        merge_duplicates(ws, keep, [first, second])
    assert (ws.export_data()["objects"], ws.last_change()) == before


def test_merge_duplicates_refuses_bad_selections(triplicates):
    ws = triplicates
    with pytest.raises(SwotError, match=r"co najmniej dwa czynniki.*zaznaczono: 1"):
        merge_duplicates(ws, _f(ws, "w1"), [])
    with pytest.raises(SwotError, match=r"z nim samym"):
        merge_duplicates(ws, _f(ws, "w1"), [_f(ws, "w2"), _f(ws, "w2")])
    with pytest.raises(SwotError, match=r"tej samej ćwiartki"):
        merge_duplicates(ws, _f(ws, "w1"), [_f(ws, "w2"), _f(ws, "s1")])
    assert {f.id for f in ws.factors("mok", "W")} == {"w1", "w2", "w3"}


# --- voting progress ---------------------------------------------------------------------------


def test_voting_progress_counts_dots_without_naming_factors(voting):
    ws = voting
    assert voting_progress(ws, "mok") == VotingProgress(
        members=2, voters=0, votes_cast=0, votes_possible=6
    )
    cast_vote(ws, _f(ws, "s1"), _p(ws, "anna"), count=2)
    assert voting_progress(ws, "mok") == VotingProgress(
        members=2, voters=1, votes_cast=2, votes_possible=6
    )
    assert voting_progress(ws, "gok").votes_cast == 0


# --- factor categories -------------------------------------------------------------------------


def test_categories_start_with_the_defaults_and_count_their_factors(ws):
    ws.update(_f(ws, "s1").replace(category="kadra"))
    ws.update(_f(ws, "g1").replace(category="kadra"))
    usage = category_usage(ws)
    assert list(usage) == list(DEFAULT_CATEGORIES)
    assert usage["kadra"] == 2 and usage["finanse"] == 0


def test_add_category_cleans_the_name_and_refuses_duplicates(ws):
    assert add_category(ws, "  edukacja   kulturalna ")[-1] == "edukacja kulturalna"
    assert ws.categories[-1] == "edukacja kulturalna"
    ws.add(Factor(institution_id="mok", quadrant="O", text="Nowe", category="edukacja kulturalna"))
    for name, message in (
        ("Edukacja Kulturalna", r"już jest na liście"),
        ("   ", r"jest pusta"),
        ("x" * 61, r"najwyżej 60 znaków \(otrzymano 61\)"),
    ):
        with pytest.raises(SwotError, match=message):
            add_category(ws, name)
    assert len(ws.categories) == len(DEFAULT_CATEGORIES) + 1


def test_rename_category_moves_every_factor_of_every_institution(ws):
    ws.update(_f(ws, "s1").replace(category="kadra"))
    ws.update(_f(ws, "g1").replace(category="kadra"))
    renamed = rename_category(ws, "kadra", "zespół i kadra", actor="trener")
    assert renamed.index("zespół i kadra") == list(DEFAULT_CATEGORIES).index("kadra")
    assert "kadra" not in renamed and ws.categories == renamed
    assert (_f(ws, "s1").category, _f(ws, "g1").category) == ("zespół i kadra", "zespół i kadra")
    assert rename_category(ws, "finanse", "Finanse")[4:6] == ["Finanse", "promocja"]
    with pytest.raises(SwotError, match=r"Nie ma kategorii „kadra”"):
        rename_category(ws, "kadra", "ludzie")
    with pytest.raises(SwotError, match=r"„promocja” już jest"):
        rename_category(ws, "odbiorcy", "promocja")


def test_rename_category_undoes_itself_when_a_factor_changed_meanwhile(ws, monkeypatch):
    ws.update(_f(ws, "s1").replace(category="kadra"))
    stale = _f(ws, "s1")
    real_objects = ws.objects

    def objects_with_a_stale_factor(cls, *args, **kwargs):
        found = real_objects(cls, *args, **kwargs)
        return [stale if getattr(o, "id", None) == "s1" else o for o in found]

    ws.update(_f(ws, "s1").replace(importance=5))
    monkeypatch.setattr(ws, "objects", objects_with_a_stale_factor)
    with pytest.raises(ConflictError):
        rename_category(ws, "kadra", "ludzie")
    monkeypatch.undo()
    assert ws.categories == list(DEFAULT_CATEGORIES)
    assert _f(ws, "s1").category == "kadra"


def test_remove_category_only_when_unused(ws):
    ws.update(_f(ws, "w1").replace(category="promocja"))
    with pytest.raises(SwotError, match=r"„promocja”: ma ją 1 czynn. \(np. „Słaba promocja”\)"):
        remove_category(ws, "promocja")
    assert "promocja" in ws.categories
    assert "finanse" not in remove_category(ws, "finanse")
    assert "finanse" not in ws.categories
    with pytest.raises(SwotError, match=r"Nie ma kategorii „finanse”"):
        remove_category(ws, "finanse")
    with pytest.raises(ValidationError):  # the store now refuses the removed category
        ws.add(Factor(institution_id="mok", quadrant="T", text="Koszty", category="finanse"))


def test_move_category_stops_at_the_ends(ws):
    assert move_category(ws, "odbiorcy", -1)[:2] == ["odbiorcy", "oferta programowa"]
    assert move_category(ws, "odbiorcy", -1)[0] == "odbiorcy"
    assert move_category(ws, "odbiorcy", 100)[-1] == "odbiorcy"
    assert sorted(ws.categories) == sorted(DEFAULT_CATEGORIES)
