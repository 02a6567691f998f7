"""practice_actions(user, practice): the permission table of models_registry.permissions, role by state.

A practice of Phường An Lưu (Thị xã Kinh Môn): its officer, Kinh Môn's reviewer, the provincial staff, a
superuser, and the neighbours (Thanh Hà's officer and reviewer) who may do nothing with it.
"""

import pytest

from models_registry.models import PracticeState
from models_registry.permissions import practice_actions, practice_rights

from ..practice_helpers import make_practice

pytestmark = pytest.mark.django_db

S = PracticeState
OFFICER = {
    S.DRAFT: {"edit", "attach", "submit", "withdraw", "delete"},
    S.REGISTERED: {"propose", "withdraw"},
    S.PROPOSED: {"withdraw"},
    S.RETURNED: {"edit", "attach", "propose", "withdraw"},
    S.RECOGNIZED: set(),
    S.NOT_RECOGNIZED: set(),
    S.WITHDRAWN: set(),
    S.DISCONTINUED: set(),
}
REVIEWER = {
    S.PROPOSED: {"return", "reject", "recognize"},
    S.RECOGNIZED: {"discontinue", "mark_outstanding", "commend"},
    S.DISCONTINUED: {"commend"},
}
PROVINCIAL = {
    S.RECOGNIZED: {"recognize_provincial", "mark_outstanding", "commend"},
    S.DISCONTINUED: {"commend"},
}


@pytest.mark.parametrize("state", S.values)
def test_each_role_gets_the_actions_of_the_table(demo, state):
    practice = make_practice(demo.an_luu, state=state)
    assert practice_actions(demo.officer, practice) == OFFICER[state]
    assert practice_actions(demo.reviewer, practice) == REVIEWER.get(state, set())
    assert practice_actions(demo.provincial, practice) == PROVINCIAL.get(state, set())
    # The pages offer a superuser the officer's and the province's actions, not the board's review.
    assert practice_actions(demo.admin, practice) == OFFICER[state] | PROVINCIAL.get(state, set())
    for neighbour in (demo.officer2, demo.reviewer2):
        assert practice_actions(neighbour, practice) == frozenset()


def test_services_may_do_everything_a_superuser_asks(demo):
    practice = make_practice(demo.an_luu, state=S.PROPOSED)
    assert {"return", "reject", "recognize", "submit", "commend"} <= practice_rights(demo.admin, practice)
    assert practice_rights(demo.reviewer2, practice) == frozenset()
