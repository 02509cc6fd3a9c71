import gc
import threading

import pytest

from trustreg.domain.heap import NEVER, full_collections_paused


def test_full_collections_are_paused_inside_and_the_thresholds_come_back_after():
    before = gc.get_threshold()
    with full_collections_paused():
        assert gc.get_threshold() == (before[0], before[1], NEVER)
        with full_collections_paused():
            assert gc.get_threshold()[2] == NEVER
        assert gc.get_threshold()[2] == NEVER  # the outer holder still holds
    assert gc.get_threshold() == before


def test_the_thresholds_come_back_after_an_error_inside():
    before = gc.get_threshold()
    with pytest.raises(ValueError), full_collections_paused():
        raise ValueError("a bad data file")
    assert gc.get_threshold() == before


def test_holders_in_several_threads_leave_the_thresholds_as_they_found_them_whatever_the_order():
    before = gc.get_threshold()
    inside, leave = threading.Barrier(3), threading.Event()

    def hold() -> None:
        with full_collections_paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    with full_collections_paused():
        leave.set()
        for t in threads:
            t.join()
        assert gc.get_threshold()[2] == NEVER  # this holder is still inside
    assert gc.get_threshold() == before
