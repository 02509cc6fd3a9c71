"""The one refusal every workbench service raises: nothing was written, and here is why."""

from __future__ import annotations


class ChangeRefused(ValueError):
    """The change cannot be saved or published as given; nothing was written."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))
