"""The text classifier's data: trigger phrases per life event and language, and the cue lists.

Everything the classifier knows about language lives here as tables; ``classifier`` only walks
them. English patterns run on lower-cased text with contractions expanded (``i'm`` → ``i am``,
``can't`` → ``can not``); Chinese patterns run on simplified text (traditional is converted
first). Placeholders in ``<ANGLE>`` brackets are expanded from :data:`EN_MACROS` and
:data:`ZH_MACROS` before compiling.

A rule's ``subject``:

* ``explicit``: the pattern itself names the customer or the household ("we", "my wife",
  "我们家"), so a match is first-person by construction; third parties ("my sister", "朋友")
  simply do not match;
* ``infer``: the pattern names no one (English clause-initial "Just got married!", Chinese
  pro-drop "下个月搬家"); the classifier looks back in the clause for the nearest person
  mention and rejects a third party, accepts self (and household for household types), and
  treats no mention as the customer at a lower confidence.
"""

# One table module per concern; the classifier and coref read them all as ``patterns.X``.
from processors.detection.patterns.chinese import *  # noqa: F403
from processors.detection.patterns.english import *  # noqa: F403
from processors.detection.patterns.mentions import *  # noqa: F403
from processors.detection.patterns.prefilters import *  # noqa: F403
from processors.detection.patterns.rules import *  # noqa: F403
