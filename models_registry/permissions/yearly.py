"""The board's year across a reform: which body does the yearly work on a recognized practice today, and who may.

Part of ``models_registry.permissions`` (the role table is in its docstring); import from the package.

A decided practice keeps its historical unit, board and decision. While its board is open, that board does the
yearly check (and discontinues, publishes photos, keeps notes). Once a reform closed the board, the work goes to
the body that holds the practice's unit today (``yearly_bodies``): from the practice's unit upwards, the nearest
old unit with successions (``Succession``) gives it —

- one successor (Phường An Lưu → Phường Kinh Môn): the body that reviews that successor today
  (``bodies.reviewing_units``: the ward's Đảng ủy);
- several (a split commune): the commune chosen for this very practice in the "chọn đơn vị mới" queue, if any;
  else the search goes on upwards, to the old province, whose successor is the city: the city board handles it.
  The same for an old district's own practices (a district has no succession of its own).

No successor at all: nobody (read-only history; a superuser repairs data through the services). Reviewers and
provincial staff of a closed unit keep reading their history (notes included) but do none of the yearly work.
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from ..models import Practice, Succession, SuccessorChoice, Unit
from ..models.units import PATH_SEPARATOR, Role
from .scopes import BOARD_ROLES, is_superuser, memberships_of

_UNKNOWN = object()


def _is_open(unit) -> bool:
    return unit.valid_until is None


def _heir(chain, successors, chosen_id):
    """The unit of today holding an old unit whose ancestors (itself first) are ``chain``, or None."""
    for pk in chain:
        news = successors.get(pk)
        if not news:
            continue
        if len(news) == 1:
            return news[0]
        picked = next((unit for unit in news if unit.pk == chosen_id), None)
        if picked is not None:
            return picked
    return None


def yearly_bodies(practices) -> dict[int, Unit | None]:
    """``{practice id: the unit whose body does its yearly work today}`` (None: nobody, the history is read-only).

    Practices need ``unit`` and ``board`` loaded. An open board costs nothing; closed boards cost one query for the
    successions, one for the queue when a split commune is met, and at most two in ``reviewing_units``. The
    answer is kept on each practice, so the permission checks of one request ask once.
    """
    found, pending = {}, []
    for practice in practices:
        cached = getattr(practice, "_danvan_yearly_body", _UNKNOWN)
        if cached is not _UNKNOWN:
            found[practice.pk] = cached
        elif _is_open(practice.board):
            found[practice.pk] = practice._danvan_yearly_body = practice.board
        else:
            pending.append(practice)
    if not pending:
        return found
    from ..bodies import reviewing_units  # bodies imports the models, as this package does

    chains = {p.pk: [int(part) for part in p.unit.path.split(PATH_SEPARATOR) if part][::-1] for p in pending}
    ids = {pk for chain in chains.values() for pk in chain}
    successors = defaultdict(list)
    rows = Succession.objects.filter(old_id__in=ids, date__lte=timezone.localdate()).select_related("new")
    for row in rows.order_by("new__path"):
        successors[row.old_id].append(row.new)
    split = [pk for pk, chain in chains.items() if any(len(successors.get(old, ())) > 1 for old in chain)]
    chosen = {}
    if split:
        choices = SuccessorChoice.objects.filter(practice_id__in=split, chosen__isnull=False)
        chosen = dict(choices.values_list("practice_id", "chosen_id"))
    heirs = {p.pk: _heir(chains[p.pk], successors, chosen.get(p.pk)) for p in pending}
    bodies = reviewing_units({heir.pk: heir for heir in heirs.values() if heir is not None}.values())
    for practice in pending:
        heir = heirs[practice.pk]
        found[practice.pk] = practice._danvan_yearly_body = bodies[heir.pk] if heir is not None else None
    return found


def yearly_body(practice) -> Unit | None:
    return yearly_bodies([practice])[practice.pk]


def _open_board_memberships(user):
    """Board-role memberships on units of today: a closed unit's staff only read its history."""
    return [m for m in memberships_of(user) if m.role in BOARD_ROLES and _is_open(m.unit)]


def acts_for(user, body) -> bool:
    """Whether ``user`` does the yearly work of ``body``: a reviewer of it (or above it), or board staff of
    exactly that unit (the city board for what it handles itself), through a membership of today."""
    if body is None:
        return False
    for membership in _open_board_memberships(user):
        if membership.role == Role.REVIEWER and body.path.startswith(membership.unit.path):
            return True
        if membership.unit.pk == body.pk:
            return True
    return False


def oversees(user, body) -> bool:
    """Board staff of today whose unit holds ``body`` (the city board over every commune): sees and publishes."""
    if body is None:
        return False
    return any(body.path.startswith(m.unit.path) for m in _open_board_memberships(user))


def does_yearly_work(user, practice) -> bool:
    """Check it yearly, discontinue it, keep its notes (not a superuser's page right: see the role table)."""
    if not _open_board_memberships(user):
        return False
    return acts_for(user, yearly_body(practice))


def yearly_checkable_among(user, practices) -> set[int]:
    """Ids of ``practices`` (unit and board loaded) whose yearly check ``user`` records, in the batch's queries."""
    practices = list(practices)
    if not _open_board_memberships(user):
        return set()
    bodies = yearly_bodies(practices)
    return {p.pk for p in practices if acts_for(user, bodies[p.pk])}


def _whole_history(user) -> set[str]:
    """History paths (of the user's reviewing units of today) of old units with one successor only: the whole
    old unit went to it. One query, once per request; none for a user without history."""
    cached = getattr(user, "_danvan_whole_history", None)
    if cached is not None:
        return cached
    paths = {p for m in _open_board_memberships(user) if m.role == Role.REVIEWER for p in m.unit.history_paths}
    whole = set()
    if paths:
        counts = Succession.objects.filter(old__path__in=paths).values_list("old__path").annotate(n=Count("id"))
        whole = {path for path, n in counts.order_by() if n == 1}
    user._danvan_whole_history = whole
    return whole


def yearly_scope(user):
    """The practices of the yearly list and of the dashboard's "checked this year / due" card.

    A reviewer of a unit of today: its own boards' practices, and those of the old units it took over whole (its
    predecessors, closed boards) or was chosen for in the queue. Board staff of a unit of today (the city): every
    practice of its unit and its history, read-only where another body does the work. A superuser: all. Staff of
    a closed unit: none (their history is read-only). Which rows the user may tick: ``yearly_checkable_among``.
    """
    if is_superuser(user):
        return Practice.objects.all()
    q = Q(pk__in=[])
    closed_board = Q(board__valid_until__isnull=False)
    for membership in _open_board_memberships(user):
        unit = membership.unit
        if membership.role != Role.REVIEWER:
            q |= Q(board__path__startswith=unit.path)
            for path in unit.history_paths:
                q |= Q(unit__path__startswith=path)
            continue
        q |= Q(board__path__startswith=unit.path, board__valid_until__isnull=True)
        for path in unit.history_paths:
            if path in _whole_history(user):
                q |= Q(unit__path__startswith=path) & closed_board
        if unit.history_paths:
            q |= Q(successor_choice__chosen__path__startswith=unit.path) & closed_board
    return Practice.objects.filter(q)
