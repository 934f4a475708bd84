"""The data dictionary's metric table is generated from the catalogue; this fails when it is stale."""

from queries import dictionary


def test_data_dictionary_lists_the_catalogue_as_it_is():
    text = dictionary.DOC.read_text(encoding="utf-8")
    embedded = text.split(dictionary.BEGIN, 1)[1].split(dictionary.END, 1)[0].strip()
    assert embedded == dictionary.render(), "run: python -m queries.dictionary"
