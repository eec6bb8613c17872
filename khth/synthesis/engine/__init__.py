"""The narrative synthesis engine: plain Python over underthesea and scikit-learn, no model.

``synthesise(sources, lexicon)`` groups the subordinates' sentences of one section by what they
say, with the units that said it, their figures added up where they count the same thing, and
the problem sentences flagged; ``draft`` writes a first text of the superior's section from it.
``lexicon_for(regulation)`` gives the words it reads with (the regulation's ``synthesis:``
block). underthesea and scikit-learn are imported on first use, not with this package.
"""

from khth.synthesis.engine.draft import draft
from khth.synthesis.engine.grouping import synthesise
from khth.synthesis.engine.lexicon import Lexicon, lexicon_for
from khth.synthesis.engine.results import Figure, Group, Sentence, Source, Synthesis

__all__ = [
    "Figure",
    "Group",
    "Lexicon",
    "Sentence",
    "Source",
    "Synthesis",
    "draft",
    "lexicon_for",
    "synthesise",
]
