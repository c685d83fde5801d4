"""French stop words of the search, kept in the repository.

``STOP_WORDS`` is lunr-languages' French list (``lunr.fr.js``, version 1.22.0),
word for word, so that the ``stopWordFilter-fr`` of the browser and ours agree.
``EXTRA_STOP_WORDS`` are elided forms that splitting at apostrophes leaves
behind (« jusqu'à » -> « jusqu », « à »).
"""

STOP_WORDS: tuple[str, ...] = tuple(
    """
    ai aie aient aies ait as au aura aurai auraient aurais aurait auras aurez auriez
    aurions aurons auront aux avaient avais avait avec avez aviez avions avons ayant
    ayez ayons c ce ceci celà ces cet cette d dans de des du elle en es est et eu
    eue eues eurent eus eusse eussent eusses eussiez eussions eut eux eûmes eût
    eûtes furent fus fusse fussent fusses fussiez fussions fut fûmes fût fûtes ici
    il ils j je l la le les leur leurs lui m ma mais me mes moi mon même n ne nos
    notre nous on ont ou par pas pour qu que quel quelle quelles quels qui s sa sans
    se sera serai seraient serais serait seras serez seriez serions serons seront
    ses soi soient sois soit sommes son sont soyez soyons suis sur t ta te tes toi
    ton tu un une vos votre vous y à étaient étais était étant étiez étions été étée
    étées étés êtes
""".split()
)

EXTRA_STOP_WORDS: tuple[str, ...] = ("jusqu", "lorsqu", "puisqu", "quoiqu", "presqu")
