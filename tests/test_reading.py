from paperpass.models import FIVE_CS
from paperpass.reading import FIVE_CS_QUESTIONS, PASS_STEPS, budget_for, format_duration, timer_text


def test_every_pass_has_steps_with_unique_keys():
    for steps in PASS_STEPS.values():
        keys = [k for k, _ in steps]
        assert len(keys) == len(set(keys)) >= 5
    assert tuple(FIVE_CS_QUESTIONS) == FIVE_CS


def test_budgets_follow_keshav():
    assert budget_for(1, 300).fraction == 0.5 and not budget_for(1, 300).over
    assert budget_for(2, 3601).over and not budget_for(3, 3601).over


def test_timer_text():
    assert format_duration(245) == "4:05" and format_duration(3725) == "1h 02m"
    assert timer_text(1, 245) == "Pass 1  4:05 of 10:00"
    assert timer_text(1, 700).endswith("(over budget)")
