"""An optional learned arbiter over the rule extractor's claims (issue 14).

The rules find candidate claims; a small multinomial logistic regression, trained by
``trustreg extract-train`` on the tune part of the real-text set, reads each claim with its passage and
either keeps it, changes its polarity or drops it (``none``) when it is confident enough. Pure Python,
no required install; the model is a JSON file in the repository. Off unless asked for
(``--extractor rules+arbiter`` or ``TRUSTREG_EXTRACTOR``).
"""
